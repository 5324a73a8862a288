/**
 * The steps of lib/test_hmm.c dmirror_device_remove_chunks() (HMM_DMIRROR_RELEASE; domain.md
 * §2.9.3) that the engine runs inline in ops/devRelease.ts, one phase each: the checks, the
 * free-list unlinking, the device → system copy, migrate_device_pages/finalize, memunmap_pages.
 */
import {
  err,
  getDevice,
  type MigrateVma,
  type OpOutcome,
  type PhaseResult,
  type World,
} from '../../engine/index';
import { dmirrorRemoveFreePages } from '../../engine/driver/dmirrorDevmem';
import { dmirrorDevmemFaultAllocAndCopyTx } from '../../engine/driver/dmirrorMigrateToSystem';
import { memunmapPages } from '../../engine/mm/devmem';
import { migrateVmaFinalizeTx } from '../../engine/mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../../engine/mm/migrateVmaPages';
import { plural } from '../../engine/narrate';
import { removeDeviceChunks } from '../../engine/ops/devRelease';
import { runPhase } from '../../engine/tx';

/** The phase name every eviction micro-step carries. */
export const PHASE_EVICT = 'dmirror_device_evict_chunk';

/** What the entry checks of dmirror_device_remove_chunks() decide. */
export type RemoveChunksVerdict =
  | { readonly kind: 'fail'; readonly outcome: OpOutcome }
  | { readonly kind: 'noChunk' }
  | { readonly kind: 'evict'; readonly merge: boolean };

/**
 * The device must exist (-ENOENT); a device without a chunk has nothing to release; eviction
 * allocates with __GFP_NOFAIL, which the model refuses up front when RAM cannot hold the pages
 * in use (-ENOMEM, nothing changed). `merge`: migrate_device_range's micro-steps get merged.
 */
export function dmirrorRemoveChunksCheck(
  world: World,
  device: string,
): PhaseResult<RemoveChunksVerdict> {
  return runPhase(world, (tx): RemoveChunksVerdict => {
    const d = getDevice(world, device);
    if (d === undefined) {
      return {
        kind: 'fail',
        outcome: { ret: err('ENOENT'), error: `no device ${device} in this machine` },
      };
    }
    if (d.pgmap === null) {
      tx.emit(
        'dmirror_device_remove_chunks',
        PHASE_EVICT,
        () => `${device} has no memory chunk: nothing to release.`,
      );
      return { kind: 'noChunk' };
    }
    if (tx.sysFree < d.nrAllocated) {
      return {
        kind: 'fail',
        outcome: {
          ret: err('ENOMEM'),
          error: 'not enough free system RAM to evict the device memory',
        },
      };
    }
    return { kind: 'evict', merge: d.nrAllocated > tx.config.detailBudget };
  });
}

/** dmirror_remove_free_pages(): the chunk is marked removed and its free pages unlinked. */
export function dmirrorRemoveFreePagesPhase(world: World, device: string): PhaseResult<number> {
  return runPhase(world, (tx) => {
    const parked = dmirrorRemoveFreePages(tx, device);
    tx.emit(
      'dmirror_remove_free_pages',
      PHASE_EVICT,
      () =>
        `${device}'s chunk is marked for removal and its ${plural(parked, 'free page')} leave the free list, so nothing can allocate them again (INV-P13).`,
    );
    return parked;
  });
}

/** The summary of migrate_device_range's merged micro-steps. */
export function deviceRangeNarration(device: string, mig: MigrateVma): (n: number) => string {
  return (n) =>
    `migrate_device_range takes the ${plural(mig.cpages, 'page')} in use of ${device} and replaces each of their mappings with a migration entry (${n} steps merged).`;
}

/** dmirror_device_evict_chunk()'s copy: a system page per device page (no mirror to erase). */
export function evictAllocAndCopy(world: World, mig: MigrateVma): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => dmirrorDevmemFaultAllocAndCopyTx(tx, mig, null, PHASE_EVICT).mig);
}

/** migrate_device_pages(). */
export function migrateDevicePages(world: World, mig: MigrateVma): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => migrateVmaPagesTx(tx, mig, PHASE_EVICT));
}

/** migrate_device_finalize(). */
export function migrateDeviceFinalize(world: World, mig: MigrateVma): PhaseResult<null> {
  return runPhase(world, (tx) => {
    migrateVmaFinalizeTx(tx, mig, PHASE_EVICT);
    return null;
  });
}

/** memunmap_pages(): true if the pgmap's count reached 0; false if it would hang forever. */
export function memunmapPagesPhase(world: World, device: string): PhaseResult<boolean> {
  return runPhase(world, (tx) => {
    const refs = tx.device(device).pgmap?.refcount ?? 0;
    if (!memunmapPages(tx, device)) {
      tx.emit(
        'memunmap_pages',
        PHASE_EVICT,
        () =>
          `memunmap_pages would wait forever: the pgmap still has ${refs - 1} page references (HANG).`,
      );
      return false;
    }
    tx.emit(
      'memunmap_pages',
      PHASE_EVICT,
      () =>
        `memunmap_pages kills the pgmap's percpu_ref; only the base reference was left, so it reaches 0 at once and the chunk of ${device} is gone.`,
    );
    return true;
  });
}

/** The whole of dmirror_device_remove_chunks() as one phase (eviction on close). */
export function removeDeviceChunksPhase(world: World, device: string): PhaseResult<number> {
  return runPhase(world, (tx) => removeDeviceChunks(tx, device));
}
