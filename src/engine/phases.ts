/**
 * The kernel phases of each operation as separate pure functions, for the machine layer (an
 * xstate machine per operation whose states are these phases; its actions call them).
 * Each takes a World and returns `{ world, value, microsteps, violations }` (see runPhase).
 * applyStep() runs the same code paths end to end.
 */
import {
  dmirrorDoFaultTx,
  dmirrorLockAndRetryTx,
  mmuIntervalReadBeginTx,
} from './driver/dmirrorFault';
import {
  dmirrorMigrateAllocAndCopyTx,
  dmirrorMigrateFinalizeAndMapTx,
} from './driver/dmirrorMigrate';
import {
  dmirrorDevmemFaultAllocAndCopyTx,
  dmirrorSuccessfulMigratedPages,
} from './driver/dmirrorMigrateToSystem';
import { type HmmRange, hmmRangeFaultTx } from './mm/hmmRangeFault';
import { migrateVmaUnmap } from './mm/migrateDeviceUnmap';
import type { MigrateVma, MigrateVmaArgs } from './mm/migrateTypes';
import { migrateVmaFinalizeTx } from './mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from './mm/migrateVmaPages';
import {
  checkSetupInvariants,
  migrateVmaCollect,
  migrateVmaSetupTx,
  migrateVmaValidate,
} from './mm/migrateVmaSetup';
import {
  type NotifyEvent,
  type InvalidateOutcome,
  mmuNotifierInvalidate as invalidateTx,
} from './mm/notifier';
import { type PhaseResult, runPhase } from './tx';
import type { World } from './types';

export * from './phasesEvict';
export * from './phasesFault';
export * from './phasesGup';
export * from './phasesIoctl';
export * from './phases2015';

// ---- migrate_vma (both directions) -----------------------------------------------------------

/** migrate_vma_setup(): validate, collect (MIGRATE notifier + walk), unmap. */
export function migrateVmaSetup(
  world: World,
  args: MigrateVmaArgs,
): PhaseResult<{ ret: number; mig: MigrateVma }> {
  return runPhase(world, (tx) => migrateVmaSetupTx(tx, args));
}

/** The first half of migrate_vma_setup(): validation and migrate_vma_collect(). */
export function migrateVmaCollectPhase(
  world: World,
  args: MigrateVmaArgs,
): PhaseResult<{ ret: number; mig: MigrateVma }> {
  return runPhase(world, (tx) => {
    const v = migrateVmaValidate(tx, args);
    return v.ret !== 0 ? v : { ret: 0, mig: migrateVmaCollect(tx, v.mig) };
  });
}

/** The second half of migrate_vma_setup(): migrate_vma_unmap() (skipped if cpages is 0). */
export function migrateVmaUnmapPhase(world: World, mig: MigrateVma): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => {
    const out = migrateVmaUnmap(tx, mig);
    checkSetupInvariants(tx, out);
    return out;
  });
}

/** migrate_vma_pages(). */
export function migrateVmaPages(world: World, mig: MigrateVma): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => migrateVmaPagesTx(tx, mig));
}

/** migrate_vma_finalize(). */
export function migrateVmaFinalize(world: World, mig: MigrateVma): PhaseResult<null> {
  return runPhase(world, (tx) => {
    migrateVmaFinalizeTx(tx, mig);
    return null;
  });
}

/** test_hmm's dmirror_migrate_alloc_and_copy() (to device). */
export function dmirrorMigrateAllocAndCopy(
  world: World,
  mig: MigrateVma,
  mirror: string,
): PhaseResult<MigrateVma> {
  return runPhase(world, (tx) => dmirrorMigrateAllocAndCopyTx(tx, mig, mirror));
}

/** test_hmm's dmirror_migrate_finalize_and_map() (device page table update). */
export function dmirrorMigrateFinalizeAndMap(
  world: World,
  mig: MigrateVma,
  mirror: string,
): PhaseResult<null> {
  return runPhase(world, (tx) => {
    dmirrorMigrateFinalizeAndMapTx(tx, mig, mirror);
    return null;
  });
}

/** test_hmm's dmirror_devmem_fault_alloc_and_copy() (to system memory). */
export function dmirrorDevmemFaultAllocAndCopy(
  world: World,
  mig: MigrateVma,
  mirror: string | null,
): PhaseResult<{ mig: MigrateVma; failed: number }> {
  return runPhase(world, (tx) => dmirrorDevmemFaultAllocAndCopyTx(tx, mig, mirror));
}

export { dmirrorSuccessfulMigratedPages };

// ---- hmm_range_fault and the device fault loop --------------------------------------------

/** mmu_interval_read_begin(): returns the sequence number. */
export function mmuIntervalReadBegin(world: World, mirror: string): PhaseResult<number> {
  return runPhase(world, (tx) => mmuIntervalReadBeginTx(tx, mirror));
}

/** hmm_range_fault(): walk + faults; -EBUSY means "start again at read_begin". */
export function hmmRangeFault(
  world: World,
  range: HmmRange,
): PhaseResult<{ ret: number; pfns: number[] }> {
  return runPhase(world, (tx) => hmmRangeFaultTx(tx, range));
}

/** Driver lock + mmu_interval_read_retry(): true if the result is stale. */
export function dmirrorLockAndReadRetry(
  world: World,
  mirror: string,
  seq: number,
): PhaseResult<boolean> {
  return runPhase(world, (tx) => dmirrorLockAndRetryTx(tx, mirror, seq));
}

/** dmirror_do_fault(): program the device page table from the pfns. */
export function dmirrorDoFault(
  world: World,
  mirror: string,
  range: HmmRange,
  pfns: readonly number[],
): PhaseResult<number> {
  return runPhase(world, (tx) => dmirrorDoFaultTx(tx, mirror, range, pfns));
}

// ---- notifier --------------------------------------------------------------------------------

/** mmu_notifier_invalidate_range_start() as the mirrors see it. */
export function mmuNotifierInvalidate(
  world: World,
  proc: string,
  start: number,
  end: number,
  event: NotifyEvent,
  owner: string | null,
): PhaseResult<InvalidateOutcome> {
  return runPhase(world, (tx) => invalidateTx(tx, proc, start, end, event, owner, 'mmu_notifier'));
}
