/**
 * The phases of lib/test_hmm.c dmirror_device_remove_chunks() (HMM_DMIRROR_RELEASE, and close()
 * with config.closeEvictsDeviceMemory) as pure functions for the machine layer (see phases.ts).
 * ops/devRelease.ts composes the same Tx functions for applyStep().
 */
import { dmirrorDevmemFaultAllocAndCopyTx } from './driver/dmirrorMigrateToSystem';
import { migrateDeviceRangeTx } from './mm/migrateDeviceRange';
import type { MigrateVma } from './mm/migrateTypes';
import { migrateVmaFinalizeTx } from './mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from './mm/migrateVmaPages';
import {
  PHASE_EVICT,
  type RemoveChunksVerdict,
  deviceRangeNarration,
  dmirrorRemoveChunksCheckTx,
  dmirrorRemoveFreePagesTx,
  memunmapPagesTx,
  removeDeviceChunks,
} from './ops/devRelease';
import { type PhaseResult, runPhase } from './tx';
import type { World } from './types';

export { PHASE_EVICT, type RemoveChunksVerdict, deviceRangeNarration };

/** The entry checks of dmirror_device_remove_chunks(): refuse, nothing to do, or evict. */
export function dmirrorRemoveChunksCheck(
  world: World,
  device: string,
): PhaseResult<RemoveChunksVerdict> {
  return runPhase(world, (tx) => dmirrorRemoveChunksCheckTx(tx, device));
}

/** dmirror_remove_free_pages(): the chunk is marked removed and its free pages unlinked. */
export function dmirrorRemoveFreePages(world: World, device: string): PhaseResult<number> {
  return runPhase(world, (tx) => dmirrorRemoveFreePagesTx(tx, device));
}

/** migrate_device_range() over a device's chunk. */
export function migrateDeviceRange(world: World, device: string): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => migrateDeviceRangeTx(tx, device));
}

/** dmirror_device_evict_chunk()'s copy: a system page per device page (no mirror to erase). */
export function dmirrorEvictAllocAndCopy(world: World, mig: MigrateVma): PhaseResult<MigrateVma> {
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

/** memunmap_pages(): true if the pgmap's count reached 0; false if it would wait forever. */
export function memunmapPages(world: World, device: string): PhaseResult<boolean> {
  return runPhase(world, (tx) => memunmapPagesTx(tx, device));
}

/** The whole of dmirror_device_remove_chunks() as one phase (eviction on close): its ret. */
export function dmirrorDeviceRemoveChunks(world: World, device: string): PhaseResult<number> {
  return runPhase(world, (tx) => removeDeviceChunks(tx, device).ret);
}
