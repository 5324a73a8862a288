/**
 * migrate_vma_unmap() → migrate_device_unmap() (mm/migrate_device.c): isolate system pages from
 * the LRU, try_to_migrate() any mapping left, and check for unexpected references
 * (migrate_vma_check_page). Pages that fail are restored: their migration entries go back to the
 * original mappings and they are unlocked and released. domain.md §2.7 A.6, INV-M3.
 */
import { pagesText } from '../narrate';
import type { Tx } from '../tx';
import { MIGRATE_PFN_MIGRATE, clearFlag, hasFlag, migratePfnToFrame } from './migratePfn';
import type { MigrateVma } from './migrateTypes';
import { putPage } from './pageAlloc';
import { removeMigrationPtes, tryToMigrate } from './rmap';

export const PHASE_UNMAP = 'migrate_vma_setup.unmap';

/**
 * migrate_vma_check_page(): one extra reference is the caller's (LRU isolation or collect), one
 * more for the fault page, one more for any ZONE_DEVICE folio (an ERA_A left-over, kept by
 * mainline: config.zoneDeviceCheckSlack), and the page cache's for a shmem page.
 */
export function migrateVmaCheckPage(tx: Tx, frame: number, faultPage: number | null): boolean {
  const f = tx.frame(frame);
  let extra = 1 + (frame === faultPage ? 1 : 0);
  if (f.zone === 'device' && tx.config.zoneDeviceCheckSlack) extra++;
  if (f.mapping === 'shmem') extra++;
  return f.refcount - extra <= f.mapcount;
}

/**
 * Unmaps the collected pages; returns the new src array and how many pages stay selected.
 * `phase` names the caller's phase (migrate_vma_setup or migrate_device_range).
 */
export function migrateDeviceUnmap(
  tx: Tx,
  srcIn: readonly number[],
  faultPage: number | null,
  phase: string,
): { src: number[]; unmapped: number; restored: number[] } {
  const src = srcIn.slice();
  let unmapped = 0;
  let restore = 0;
  for (let i = 0; i < src.length; i++) {
    const mpfn = src[i] as number;
    const frame = migratePfnToFrame(mpfn);
    if (frame === null) {
      if (hasFlag(mpfn, MIGRATE_PFN_MIGRATE)) unmapped++;
      continue;
    }
    const f = tx.frame(frame);
    if (f.zone !== 'device') {
      // folio_isolate_lru() takes a reference; then the collect reference is dropped.
      if (!f.lru) {
        src[i] = clearFlag(mpfn, MIGRATE_PFN_MIGRATE);
        restore++;
        continue;
      }
      tx.edit(frame).lru = false;
    }
    if (tx.frame(frame).mapcount > 0) tryToMigrate(tx, frame, phase);
    if (tx.frame(frame).mapcount > 0 || !migrateVmaCheckPage(tx, frame, faultPage)) {
      // Not a ZONE_DEVICE page: folio_get + folio_putback_lru (back on the LRU, same count).
      if (tx.frame(frame).zone !== 'device') tx.edit(frame).lru = true;
      src[i] = clearFlag(mpfn, MIGRATE_PFN_MIGRATE);
      restore++;
      continue;
    }
    unmapped++;
  }
  const restored: number[] = [];
  for (let i = 0; i < src.length && restore > 0; i++) {
    const mpfn = src[i] as number;
    const frame = migratePfnToFrame(mpfn);
    if (frame === null || hasFlag(mpfn, MIGRATE_PFN_MIGRATE)) continue;
    removeMigrationPtes(tx, frame, frame);
    src[i] = 0;
    if (faultPage !== frame) tx.edit(frame).locked = false;
    putPage(tx, frame);
    restored.push(i);
    restore--;
  }
  return { src, unmapped, restored };
}

/** migrate_vma_unmap(): migrate_device_unmap() over the collected pages; cpages = unmapped. */
export function migrateVmaUnmap(tx: Tx, mig: MigrateVma): MigrateVma {
  if (mig.cpages === 0) return mig;
  const { src, unmapped, restored } = migrateDeviceUnmap(tx, mig.src, mig.faultPage, PHASE_UNMAP);
  const restoredPages = restored.map((i) => mig.start + i);
  tx.emit(
    'migrate_vma_unmap',
    PHASE_UNMAP,
    tx.coalescing
      ? ''
      : `migrate_vma_unmap isolates the collected pages from the LRU and checks their references: ` +
          `${unmapped} ${unmapped === 1 ? 'stays' : 'stay'} selected` +
          (restoredPages.length > 0
            ? `; ${pagesText(restoredPages)}: unexpected references, restored as ${restoredPages.length === 1 ? 'it was' : 'they were'}`
            : '') +
          ` (cpages = ${unmapped}).`,
  );
  return { ...mig, src, cpages: unmapped };
}
