/**
 * migrate_device_range() (mm/migrate_device.c): like migrate_vma_setup() but over a range of
 * device pfns instead of virtual addresses — for a driver that must empty its memory without
 * knowing who maps it (eviction at RELEASE). Free pages are skipped (get_page_unless_zero fails on
 * a refcount of 0, which is why ERA_C made free pages 0: INV-M11); the others are referenced,
 * locked, and unmapped through the rmap (try_to_migrate). domain.md §2.9.3.
 */
import { plural } from '../narrate';
import type { Tx } from '../tx';
import { MIGRATE_PFN_MIGRATE, migratePfn } from './migratePfn';
import type { MigrateVma } from './migrateTypes';
import { migrateDeviceUnmap } from './migrateDeviceUnmap';

export const PHASE_DEVICE_RANGE = 'migrate_device_range';

export function migrateDeviceRangeTx(tx: Tx, devName: string): MigrateVma {
  const d = tx.device(devName);
  const src: number[] = [];
  let taken = 0;
  let busy = 0;
  for (let i = 0; i < d.pages; i++) {
    const frame = d.base + i;
    const f = tx.frame(frame);
    // migrate_device_pfn_lock(): folio_get_nontail_page() (fails on refcount 0), trylock.
    if (f.refcount === 0 || f.locked) {
      if (f.refcount > 0) busy++;
      src.push(0);
      continue;
    }
    const e = tx.edit(frame);
    e.refcount++;
    e.locked = true;
    src.push(migratePfn(frame) + MIGRATE_PFN_MIGRATE);
    taken++;
  }
  tx.emit(
    'migrate_device_range',
    PHASE_DEVICE_RANGE,
    tx.coalescing
      ? ''
      : `migrate_device_range scans all ${d.pages} frames of ${d.name}: ${plural(taken, 'page')} in use ` +
          `${taken === 1 ? 'is' : 'are'} referenced and locked` +
          (busy > 0
            ? `; ${plural(busy, 'page')} in use but locked by someone else ${busy === 1 ? 'is' : 'are'} skipped (the trylock fails)`
            : '') +
          `; the ${d.pages - taken - busy} free ones fail get_page_unless_zero() and are skipped.`,
  );
  const { src: out, unmapped } = migrateDeviceUnmap(tx, src, null, PHASE_DEVICE_RANGE);
  tx.emit(
    'migrate_device_unmap',
    PHASE_DEVICE_RANGE,
    tx.coalescing
      ? ''
      : `migrate_device_unmap replaces every mapping of those pages with a migration entry (through the rmap): ${plural(unmapped, 'page')} ready to move.`,
  );
  return {
    proc: null,
    vma: null,
    start: d.base,
    end: d.base + d.pages,
    flags: 0,
    pgmapOwner: null,
    faultPage: null,
    src: out,
    dst: new Array<number>(d.pages).fill(0),
    npages: d.pages,
    cpages: unmapped,
  };
}
