/**
 * migrate_vma_setup() (mm/migrate_device.c): validate the request, collect the pages under a
 * MIGRATE invalidation (migrate_vma_collect → migrate_vma_collect_pmd), then unmap them
 * (migrate_vma_unmap → migrate_device_unmap, in migrateDeviceUnmap.ts). domain.md §2.7 A.
 */
import { err } from '../errno';
import { checkMigrateSetup } from '../invariants';
import { pagesText, rangeText } from '../narrate';
import type { Tx } from '../tx';
import { findVma } from '../world';
import {
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_WRITE,
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
  MIGRATE_VMA_SELECT_SYSTEM,
  migratePfn,
  selectNames,
} from './migratePfn';
import type { MigrateVma, MigrateVmaArgs } from './migrateTypes';
import { migrateVmaUnmap } from './migrateDeviceUnmap';
import { mmuNotifierInvalidate } from './notifier';
import { selectsZeroPfn } from './zeroPfn';

export const PHASE_COLLECT = 'migrate_vma_setup.collect';

/**
 * The checks at the top of migrate_vma_setup(). Returns 0 or -EINVAL and the VMA.
 * (VM_SPECIAL / hugetlb / DAX VMAs do not exist in this model.)
 */
export function migrateVmaValidate(tx: Tx, a: MigrateVmaArgs): { ret: number; mig: MigrateVma } {
  const p = tx.proc(a.proc);
  const vma = p === undefined ? undefined : findVma(p.vmas, a.start);
  const mig: MigrateVma = {
    proc: a.proc,
    vma: vma ?? null,
    start: a.start,
    end: a.end,
    flags: a.flags,
    pgmapOwner: a.pgmapOwner,
    faultPage: a.faultPage,
    src: [],
    dst: [],
    npages: 0,
    cpages: 0,
  };
  let bad = vma === undefined || a.end - a.start <= 0;
  if (vma !== undefined && (a.start < vma.start || a.end <= vma.start || a.end > vma.end))
    bad = true;
  if (a.faultPage !== null) {
    const f = tx.frame(a.faultPage);
    const dev = tx.deviceOfFrame(a.faultPage);
    if (dev === undefined || dev.memory !== 'private' || !f.locked) bad = true;
  }
  return { ret: bad ? err('EINVAL') : 0, mig };
}

/**
 * migrate_vma_collect(): MMU_NOTIFY_MIGRATE with owner = pgmap_owner over the range, then the
 * page walk. Selected present/device-private pages take the fast path of
 * migrate_vma_collect_pmd(): get + trylock, a migration entry with the same write bit, rmap and
 * the mapping's reference dropped — the collect reference remains. Holes of anonymous VMAs (and
 * the zero page with SELECT_SYSTEM) are selected without a page.
 */
export function migrateVmaCollect(tx: Tx, mig: MigrateVma): MigrateVma {
  const proc = mig.proc as string;
  const vma = mig.vma;
  if (vma === null) throw new Error('migrate_vma_collect without a VMA');
  mmuNotifierInvalidate(tx, proc, mig.start, mig.end, 'MIGRATE', mig.pgmapOwner, PHASE_COLLECT);
  const src: number[] = [];
  const dst: number[] = [];
  let cpages = 0;
  const holes: number[] = [];
  /** B11: zero pages selected without SELECT_SYSTEM (FIX_ZERO_PFN_SELECT_SYSTEM off). */
  const zeroB11: number[] = [];
  const collected: number[] = [];
  const anonymous = !vma.shared;
  for (let page = mig.start; page < mig.end; page++) {
    const pte = tx.pte(proc, page);
    let mpfn = 0;
    let frame = -1;
    if (pte === null) {
      // migrate_vma_collect_hole: "Only allow populating anonymous memory."
      if (anonymous) {
        mpfn = MIGRATE_PFN_MIGRATE;
        cpages++;
        holes.push(page);
      }
    } else if (pte.kind === 'devicePrivate') {
      const dev = tx.deviceOfFrame(pte.frame);
      if (
        mig.flags & MIGRATE_VMA_SELECT_DEVICE_PRIVATE &&
        dev?.pgmap !== null &&
        dev?.pgmap?.owner === mig.pgmapOwner
      ) {
        frame = pte.frame;
        mpfn = migratePfn(frame) + MIGRATE_PFN_MIGRATE + (pte.write ? MIGRATE_PFN_WRITE : 0);
      }
    } else if (pte.kind === 'present') {
      if (pte.zero) {
        // is_zero_pfn() && SELECT_SYSTEM: a "hole" the driver fills; otherwise vm_normal_page()
        // is NULL and the entry is skipped (the B11 fix, zeroPfn.ts).
        if (selectsZeroPfn(tx, mig.flags, proc, page)) {
          mpfn = MIGRATE_PFN_MIGRATE;
          cpages++;
          (mig.flags & MIGRATE_VMA_SELECT_SYSTEM ? holes : zeroB11).push(page);
        }
      } else {
        const f = tx.frame(pte.frame);
        const dev = f.zone === 'device' ? tx.deviceOfFrame(pte.frame) : undefined;
        let select = true;
        if (dev === undefined && !(mig.flags & MIGRATE_VMA_SELECT_SYSTEM)) select = false;
        if (
          dev !== undefined &&
          (!(mig.flags & MIGRATE_VMA_SELECT_DEVICE_COHERENT) || dev.pgmap?.owner !== mig.pgmapOwner)
        ) {
          select = false;
        }
        if (select) {
          frame = pte.frame;
          mpfn = migratePfn(frame) + MIGRATE_PFN_MIGRATE + (pte.write ? MIGRATE_PFN_WRITE : 0);
        }
      }
    }
    // migration / device-exclusive entries and unselected pages: src = 0.
    if (frame >= 0) {
      const f = tx.frame(frame);
      const isFault = mig.faultPage === frame;
      // folio_get(); then folio_trylock() unless it is the (already locked) fault folio.
      const lockable = isFault || !f.locked;
      // Anon-exclusive pages that may be pinned cannot be shared (folio_try_share_anon_rmap_pte).
      const pinned = pte?.kind === 'present' && f.mapping === 'anon' && f.pincount > 0;
      if (!lockable || pinned) {
        mpfn = 0;
      } else {
        cpages++;
        collected.push(page);
        const write = (mpfn & MIGRATE_PFN_WRITE) !== 0;
        const dirty = pte?.kind === 'present' ? pte.dirty : false;
        tx.setPte(proc, page, { kind: 'migration', frame, write, dirty });
        // get (+1), folio_remove_rmap_pte (mapcount - 1), folio_put (-1): net refcount 0.
        const e = tx.edit(frame);
        e.locked = true;
        e.mapcount--;
      }
    }
    src.push(mpfn);
    dst.push(0);
  }
  const sel = selectNames(mig.flags);
  const owner = mig.pgmapOwner ?? 'none';
  tx.emit(
    'migrate_vma_collect',
    PHASE_COLLECT,
    tx.coalescing
      ? ''
      : `migrate_vma_collect walks ${rangeText(mig.start, mig.end)} of ${proc} (${sel}, owner ${owner}): ` +
          `${collected.length > 0 ? `${pagesText(collected)} → migration entries (each page locked, one reference kept)` : 'no page is collected'}` +
          `${holes.length > 0 ? `; ${pagesText(holes)}: holes for the driver to fill` : ''}` +
          `${zeroB11.length > 0 ? `; ${pagesText(zeroB11)}: the zero page, selected although SELECT_SYSTEM is not set (a page-less entry: this kernel predates the B11 fix)` : ''}; cpages = ${cpages}.`,
  );
  return { ...mig, src, dst, npages: src.length, cpages };
}

/**
 * migrate_vma_setup(): validate, collect, and (if anything was collected) unmap.
 * Returns 0 even when nothing could be collected: the driver checks cpages.
 */
export function migrateVmaSetupTx(tx: Tx, a: MigrateVmaArgs): { ret: number; mig: MigrateVma } {
  const v = migrateVmaValidate(tx, a);
  if (v.ret !== 0) return v;
  const collected = migrateVmaCollect(tx, v.mig);
  const mig = migrateVmaUnmap(tx, collected);
  checkSetupInvariants(tx, mig);
  return { ret: 0, mig };
}

/** INV-M1 / INV-M2, attached to the last micro-step of the setup. */
export function checkSetupInvariants(tx: Tx, mig: MigrateVma): void {
  if (tx.config.invariantChecks === 'off' || tx.microsteps.length === 0 || tx.coalescing) return;
  for (const v of checkMigrateSetup(tx.world(), mig)) {
    tx.violations.push({ microstep: tx.microsteps.length - 1, v });
  }
}
