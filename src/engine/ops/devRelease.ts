/**
 * `dev.release`: HMM_DMIRROR_RELEASE (lib/test_hmm.c dmirror_device_remove_chunks; domain.md
 * §2.9.3, scenario S9 with eviction). Mark the chunk removed and unlink its free pages
 * (dmirror_remove_free_pages), evict every page in use (dmirror_device_evict_chunk:
 * migrate_device_range → copy into new system pages → migrate_device_pages →
 * migrate_device_finalize), then memunmap_pages(), which returns once the pgmap count is 0.
 * Data survives; a later allocation creates a new chunk.
 */
import { dmirrorRemoveFreePages } from '../driver/dmirrorDevmem';
import { dmirrorDevmemFaultAllocAndCopyTx } from '../driver/dmirrorMigrateToSystem';
import { err } from '../errno';
import { memunmapPages } from '../mm/devmem';
import { migrateDeviceRangeTx } from '../mm/migrateDeviceRange';
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { plural } from '../narrate';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';

const PHASE = 'dmirror_device_evict_chunk';

/** dmirror_device_remove_chunks() for one device; returns 0 or -ENOMEM (see below). */
export function removeDeviceChunks(tx: Tx, devName: string): number {
  const d = tx.device(devName);
  if (d.pgmap === null) {
    tx.emit(
      'dmirror_device_remove_chunks',
      PHASE,
      tx.coalescing ? '' : `${devName} has no memory chunk: nothing to release.`,
    );
    return 0;
  }
  // The driver allocates system pages with __GFP_NOFAIL and the kernel would retry (or OOM-kill)
  // forever; the model refuses up front instead, changing nothing.
  if (tx.sysFree < d.nrAllocated) {
    return err('ENOMEM');
  }
  const parked = dmirrorRemoveFreePages(tx, devName);
  tx.emit(
    'dmirror_remove_free_pages',
    PHASE,
    tx.coalescing
      ? ''
      : `${devName}'s chunk is marked for removal and its ${plural(parked, 'free page')} leave the free list, so nothing can allocate them again (INV-P13).`,
  );
  const many = d.nrAllocated > tx.config.detailBudget;
  if (many) tx.beginCoalesce();
  const mig = migrateDeviceRangeTx(tx, devName);
  if (many) {
    tx.endCoalesce(
      'migrate_device_range',
      PHASE,
      (n) =>
        `migrate_device_range takes the ${plural(mig.cpages, 'page')} in use of ${devName} and replaces each of their mappings with a migration entry (${n} steps merged).`,
    );
  }
  const copied = dmirrorDevmemFaultAllocAndCopyTx(tx, mig, null, PHASE);
  const moved = migrateVmaPagesTx(tx, copied.mig, PHASE);
  migrateVmaFinalizeTx(tx, moved, PHASE);
  const refs = tx.device(devName).pgmap?.refcount ?? 0;
  if (!memunmapPages(tx, devName)) {
    tx.emit(
      'memunmap_pages',
      PHASE,
      tx.coalescing
        ? ''
        : `memunmap_pages would wait forever: the pgmap still has ${refs - 1} page references (HANG).`,
    );
    return err('EBUSY');
  }
  tx.emit(
    'memunmap_pages',
    PHASE,
    tx.coalescing
      ? ''
      : `memunmap_pages kills the pgmap's percpu_ref; only the base reference was left, so it reaches 0 at once and the chunk of ${devName} is gone.`,
  );
  return 0;
}

export function opDevRelease(tx: Tx, step: { device: string }): OpOutcome {
  if (!tx.hasDevice(step.device)) {
    return { ret: err('ENOENT'), error: `no device ${step.device} in this machine` };
  }
  const ret = removeDeviceChunks(tx, step.device);
  if (ret === err('ENOMEM')) {
    return { ret, error: 'not enough free system RAM to evict the device memory' };
  }
  return { ret };
}
