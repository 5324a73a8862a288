/**
 * FOLL_LONGTERM (mm/gup.c __gup_longterm_locked → check_and_migrate_movable_pages →
 * migrate_longterm_unpinnable_folios; mm/migrate_device.c migrate_device_coherent_folio;
 * domain.md §2.12 and S12).
 *
 * After __get_user_pages has pinned the range, every page that may not be pinned long-term is
 * found (folio_is_longterm_pinnable: false for device-coherent memory, which "no one should be
 * allowed to pin … so that it can always be evicted"). If there is one, every pin is dropped —
 * a coherent page's pin is first turned into a plain reference ("Migration will fail if the
 * folio is pinned, so convert the pin on the source folio to a normal reference") and the page
 * is migrated to system memory — and the caller runs GUP again (-EAGAIN). If a migration fails,
 * the remaining pins are dropped too and GUP fails with -EBUSY: no partial long-term pin.
 * ZONE_MOVABLE and CMA do not exist in this model, so coherent pages are the only unpinnable ones.
 */
import { err } from '../errno';
import { v } from '../invariantsCatalog';
import { pagesText } from '../narrate';
import type { Tx } from '../tx';
import { frameText } from './frameText';
import { type GupRequest, gupPutFolio } from './gup';
import { migrateDeviceUnmap } from './migrateDeviceUnmap';
import { MIGRATE_PFN_MIGRATE, hasFlag, migratePfn } from './migratePfn';
import type { MigrateVma } from './migrateTypes';
import { migrateVmaFinalizeTx } from './migrateVmaFinalize';
import { migrateVmaPagesTx } from './migrateVmaPages';
import { allocSysPage } from './pageAlloc';

export const PHASE_CHECK_MOVABLE = 'check_and_migrate_movable_pages';
export const PHASE_MIGRATE_UNPINNABLE = 'migrate_longterm_unpinnable_folios';
const PHASE_COHERENT = 'migrate_device_coherent_folio';

/** folio_is_longterm_pinnable(): device-coherent pages are not. */
export function isLongtermPinnable(tx: Tx, frame: number): boolean {
  if (frame === tx.zeroFrame || tx.frame(frame).zone !== 'device') return true;
  return tx.deviceOfFrame(frame)?.memory !== 'coherent';
}

/**
 * collect_longterm_unpinnable_folios(): the indices of the pinned pages that may not stay
 * pinned long-term. Records a micro-step that names them (or says all pages are fine).
 */
export function checkAndMigrateMovablePagesTx(
  tx: Tx,
  req: GupRequest,
  frames: readonly number[],
): number[] {
  const { proc, start } = req;
  const bad: number[] = [];
  frames.forEach((f, i) => {
    if (!isLongtermPinnable(tx, f)) bad.push(i);
  });
  if (bad.length > 0 && req.fast === true && !tx.config.fixes.gupFastLongterm) {
    // B9: GUP-fast found every page mapped and pinned them without ever reaching this check.
    tx.flag(
      v('INV-G4', `GUP-fast long-term pinned device-coherent memory of ${proc} without the check`),
    );
    tx.emit(
      'gup_fast',
      PHASE_CHECK_MOVABLE,
      `Every page was already mapped, so GUP-fast pinned them without taking mmap_lock — and this kernel's GUP-fast skips the long-term check: ${pagesText(bad.map((i) => start + i))} of ${proc} stay${bad.length === 1 ? 's' : ''} pinned in device-coherent memory (INV-G4).`,
    );
    return [];
  }
  if (bad.length > 0 && tx.config.pinPolicy === 'allow') {
    // B10's first design: nothing checks; the coherent page stays pinned for good (the engine's
    // own INV-G2 check on GUP handles reports it once the handle exists).
    tx.emit(
      'check_and_migrate_movable_pages',
      PHASE_CHECK_MOVABLE,
      `FOLL_LONGTERM: ${pagesText(bad.map((i) => start + i))} of ${proc} ${bad.length === 1 ? 'is' : 'are'} device-coherent memory, and this kernel lets the long-term pin stay: the driver can never evict ${bad.length === 1 ? 'it' : 'them'} now (INV-G2).`,
    );
    return [];
  }
  tx.emit(
    'check_and_migrate_movable_pages',
    PHASE_CHECK_MOVABLE,
    tx.coalescing
      ? ''
      : bad.length === 0
        ? `FOLL_LONGTERM: check_and_migrate_movable_pages finds every pinned page of ${proc} long-term pinnable; the pins stay.`
        : `FOLL_LONGTERM: ${pagesText(bad.map((i) => start + i))} of ${proc} ${bad.length === 1 ? 'is' : 'are'} in device-coherent memory, which must stay evictable and may not be pinned long-term: ${bad.length === 1 ? 'it' : 'they'} must move to system memory first.`,
  );
  return bad;
}

/**
 * migrate_device_coherent_folio(): lock, unmap through the rmap (migrate_device_unmap), allocate
 * a system page (GFP_USER, may fail), migrate_device_pages, copy, migrate_device_finalize. The
 * caller's reference is the migration's. Returns 0, or -EBUSY if the page did not move (still
 * pinned by someone else, or no memory).
 */
export function migrateDeviceCoherentFolioTx(tx: Tx, frame: number): number {
  tx.edit(frame).locked = true;
  const { src } = migrateDeviceUnmap(
    tx,
    [migratePfn(frame) + MIGRATE_PFN_MIGRATE],
    null,
    PHASE_COHERENT,
  );
  const unmapped = hasFlag(src[0] as number, MIGRATE_PFN_MIGRATE);
  const dst = unmapped ? allocSysPage(tx) : null;
  if (dst !== null) tx.edit(dst).locked = true;
  tx.emit(
    'migrate_device_coherent_folio',
    PHASE_COHERENT,
    tx.coalescing
      ? ''
      : !unmapped
        ? `migrate_device_coherent_folio cannot unmap ${frameText(tx, frame)}: another reference or pin holds it, so it is restored (-EBUSY).`
        : dst === null
          ? `migrate_device_coherent_folio unmapped ${frameText(tx, frame)} (a migration entry) but no system page can be allocated.`
          : `migrate_device_coherent_folio unmapped ${frameText(tx, frame)} (a migration entry) and allocated ${frameText(tx, dst)} for it.`,
  );
  if (!unmapped) return err('EBUSY');
  let mig: MigrateVma = {
    proc: null,
    vma: null,
    start: frame,
    end: frame + 1,
    flags: 0,
    pgmapOwner: null,
    faultPage: null,
    src,
    dst: [dst === null ? 0 : migratePfn(dst)],
    npages: 1,
    cpages: 1,
  };
  mig = migrateVmaPagesTx(tx, mig, PHASE_COHERENT);
  const moved = hasFlag(mig.src[0] as number, MIGRATE_PFN_MIGRATE);
  if (moved && dst !== null) {
    // folio_copy(): the CPU copies the data (coherent memory is CPU-addressable).
    tx.edit(dst).value = tx.frame(frame).value;
    tx.noteCopy(frame, dst);
  }
  migrateVmaFinalizeTx(tx, mig, PHASE_COHERENT);
  return moved ? 0 : err('EBUSY');
}

/**
 * migrate_longterm_unpinnable_folios(): drops every pin of the pass (turning a coherent page's
 * pin into the migration's reference and migrating it). Returns -EAGAIN (GUP must start again)
 * or -EBUSY (a migration failed; every pin is gone).
 */
export function migrateLongtermUnpinnableTx(
  tx: Tx,
  proc: string,
  start: number,
  frames: readonly number[],
): number {
  if (tx.config.pinPolicy === 'fail_EFAULT') return refuseLongtermPin(tx, proc, start, frames);
  let ret = err('EAGAIN');
  let failedAt = -1;
  const moved: number[] = [];
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i] as number;
    if (ret !== err('EAGAIN')) {
      gupPutFolio(tx, frame, true); // pofs_unpin(): the rest of the pins after a failure
      continue;
    }
    if (isLongtermPinnable(tx, frame)) {
      gupPutFolio(tx, frame, true); // unpin_folio(): GUP will pin it again
      continue;
    }
    // folio_get() + gup_put_folio(FOLL_PIN): the pin becomes a plain reference.
    const e = tx.edit(frame);
    e.pincount--;
    if (migrateDeviceCoherentFolioTx(tx, frame) !== 0) {
      ret = err('EBUSY');
      failedAt = start + i;
    } else moved.push(start + i);
  }
  tx.emit(
    'migrate_longterm_unpinnable_folios',
    PHASE_MIGRATE_UNPINNABLE,
    tx.coalescing
      ? ''
      : ret === err('EAGAIN')
        ? `Every pin of this pass is dropped; ${pagesText(moved)} of ${proc} now ${moved.length === 1 ? 'lives' : 'live'} in system memory, so GUP starts again (-EAGAIN).`
        : `Page ${failedAt} of ${proc} could not be migrated out of coherent memory: every pin is dropped and pin_user_pages fails with -EBUSY (no long-term pin on device memory).`,
  );
  return ret;
}

/**
 * B10's second design (v3/v4, Jan 2022): a FOLL_LONGTERM pin that lands on device-coherent
 * memory drops every pin it took and fails with -EFAULT; nothing is migrated.
 */
function refuseLongtermPin(tx: Tx, proc: string, start: number, frames: readonly number[]): number {
  for (const frame of frames) gupPutFolio(tx, frame, true);
  tx.emit(
    'check_and_migrate_movable_pages',
    PHASE_CHECK_MOVABLE,
    `This kernel refuses a long-term pin of device-coherent memory: every pin on ${pagesText(frames.map((_, i) => start + i))} of ${proc} is dropped and GUP fails with -EFAULT (nothing moves).`,
  );
  return err('EFAULT');
}
