/**
 * migrate_vma_pages() / migrate_device_pages() → __migrate_device_pages() (mm/migrate_device.c):
 * move struct page metadata from each source to its destination (the data was copied by the
 * driver), and insert the destinations of holes (migrate_vma_insert_page). Entries that cannot
 * move lose MIGRATE_PFN_MIGRATE. domain.md §2.7 C.
 */
import { pagesText, plural } from '../narrate';
import type { Tx } from '../tx';
import type { Pte } from '../types';
import { MIGRATE_PFN_MIGRATE, clearFlag, hasFlag, migratePfnToFrame } from './migratePfn';
import type { MigrateVma } from './migrateTypes';
import { mmuNotifierInvalidate } from './notifier';

export const PHASE_PAGES = 'migrate_vma_pages';

/**
 * migrate_vma_insert_page(): maps a new page where the CPU had nothing (or the zero page):
 * a device-private entry (writable iff VM_WRITE, INV-T8) or a present PTE (write+dirty iff
 * VM_WRITE). Adds the anon rmap and a reference. Returns false (abort) if the PTE changed.
 */
function migrateVmaInsertPage(tx: Tx, mig: MigrateVma, page: number, frame: number): boolean {
  const proc = mig.proc as string;
  const vma = mig.vma;
  if (vma === null || vma.shared) return false; // "Only allow populating anonymous memory"
  const orig = tx.pte(proc, page);
  if (orig !== null && !(orig.kind === 'present' && orig.zero)) return false;
  const f = tx.frame(frame);
  const dev = f.zone === 'device' ? tx.deviceOfFrame(frame) : undefined;
  const pte: Pte =
    dev?.memory === 'private'
      ? { kind: 'devicePrivate', frame, write: vma.write }
      : { kind: 'present', frame, write: vma.write, dirty: vma.write, zero: false };
  tx.setPte(proc, page, pte);
  const e = tx.edit(frame);
  e.mapping = 'anon';
  e.rmapProcs = [proc];
  e.rmapPage = page;
  e.mapcount++;
  e.refcount++;
  e.lru = f.zone !== 'device';
  return true;
}

/** __migrate_device_pages(); `mig.proc` is null for migrate_device_pages(). */
export function migrateVmaPagesTx(tx: Tx, mig: MigrateVma, phase = PHASE_PAGES): MigrateVma {
  const src = mig.src.slice();
  let notified = false;
  const moved: number[] = [];
  const inserted: number[] = [];
  const refused: number[] = [];
  /** Selected without a page and given no destination (a skipped hole or zero page, B11). */
  const dropped: number[] = [];
  for (let i = 0; i < mig.npages; i++) {
    const newFrame = migratePfnToFrame(mig.dst[i] as number);
    const frame = migratePfnToFrame(src[i] as number);
    const page = mig.start + i;
    if (newFrame === null) {
      if (hasFlag(src[i] as number, MIGRATE_PFN_MIGRATE))
        (frame === null ? dropped : refused).push(page);
      src[i] = clearFlag(src[i] as number, MIGRATE_PFN_MIGRATE);
      continue;
    }
    if (frame === null) {
      if (!hasFlag(src[i] as number, MIGRATE_PFN_MIGRATE)) continue;
      if (mig.proc === null) throw new Error('a hole without a VMA');
      if (!notified) {
        notified = true;
        mmuNotifierInvalidate(tx, mig.proc, page, mig.end, 'MIGRATE', mig.pgmapOwner, phase);
      }
      if (migrateVmaInsertPage(tx, mig, page, newFrame)) {
        src[i] = MIGRATE_PFN_MIGRATE;
        inserted.push(page);
      } else {
        src[i] = clearFlag(src[i] as number, MIGRATE_PFN_MIGRATE);
        refused.push(page);
      }
      continue;
    }
    if (!hasFlag(src[i] as number, MIGRATE_PFN_MIGRATE)) continue;
    const f = tx.frame(frame);
    const nf = tx.frame(newFrame);
    // "For now only support anonymous memory migrating to device private or coherent memory."
    if (nf.zone === 'device' && f.mapping !== null && f.mapping !== 'anon') {
      src[i] = clearFlag(src[i] as number, MIGRATE_PFN_MIGRATE);
      refused.push(page);
      continue;
    }
    // folio_migrate_mapping(): the source must hold exactly the expected references: the
    // migration's own one, plus do_swap_page's for the fault page (migrate_folio_extra).
    const expected = 1 + (mig.faultPage === frame ? 1 : 0) + (f.mapping === 'shmem' ? 1 : 0);
    if (f.refcount !== expected) {
      src[i] = clearFlag(src[i] as number, MIGRATE_PFN_MIGRATE);
      refused.push(page);
      continue;
    }
    // folio_migrate_flags(): mapping, index (our rmap) and dirty state move to the new page.
    const e = tx.edit(newFrame);
    e.mapping = f.mapping;
    e.rmapProcs = f.rmapProcs;
    e.rmapPage = f.rmapPage;
    moved.push(page);
  }
  const fn = mig.proc === null ? 'migrate_device_pages' : 'migrate_vma_pages';
  const where = (pages: number[]) =>
    mig.proc === null ? plural(pages.length, 'device page') : pagesText(pages);
  tx.emit(
    fn,
    phase,
    tx.coalescing
      ? ''
      : `${fn} moves struct page metadata (mapping, index) to the new pages` +
          (moved.length > 0 ? ` for ${where(moved)}` : '') +
          (inserted.length > 0 ? `; ${where(inserted)} (holes) are mapped to new pages now` : '') +
          (refused.length > 0 ? `; ${where(refused)} cannot move and will be restored` : '') +
          (dropped.length > 0
            ? `; ${where(dropped)} got no destination page: MIGRATE is cleared and the entry stays as it was`
            : '') +
          '.',
  );
  return { ...mig, src };
}
