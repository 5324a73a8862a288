/**
 * The phases of the 2015 dummy driver's ioctls (hmm2015/*.ts) as pure functions for the op
 * machines (src/machines/ops/dummy*Machine.ts): each wraps the Tx function the engine's op runs,
 * so a machine and applyStep() produce the same micro-steps.
 */
import type { DummyCounters } from './hmm2015/counters';
import { type CopyToDevice2015, dummyCopyToDevice } from './hmm2015/copyToDevice';
import { type AccessPass2015, dummyAccessPass } from './hmm2015/dummyAccess';
import { type MirrorFault2015, hmmMirrorFault2015 } from './hmm2015/mirrorFault';
import {
  dummyFreeUnused,
  dummyReserve,
  hmmMigrateFinish,
  hmmMigrateSelect,
} from './hmm2015/migrateTo';
import { type PhaseResult, runPhase } from './tx';
import type { World } from './types';

export { type DummyCounters, NO_COUNTERS, addCounters } from './hmm2015/counters';
export type { AccessPass2015, CopyToDevice2015, MirrorFault2015 };

/** dummy_read / dummy_write: one pass through the device table, from `from`. */
export function dummyAccess(
  world: World,
  mirror: string,
  start: number,
  from: number,
  end: number,
  values: readonly number[] | null,
  counters: DummyCounters,
): PhaseResult<AccessPass2015> {
  return runPhase(world, (tx) => dummyAccessPass(tx, mirror, start, from, end, values, counters));
}

/** hmm_mirror_fault(HMM_DEVICE_RFAULT / WFAULT) over [from, end). */
export function hmmMirrorFault(
  world: World,
  mirror: string,
  from: number,
  end: number,
  write: boolean,
): PhaseResult<MirrorFault2015> {
  return runPhase(world, (tx) => hmmMirrorFault2015(tx, mirror, from, end, write));
}

/** dummy_lmem_to_rmem's pre-allocation from the bitmap; false if the kernel crashed (B13). */
export function dummyPreallocate(
  world: World,
  mirror: string,
  start: number,
  end: number,
): PhaseResult<boolean> {
  return runPhase(world, (tx) => dummyReserve(tx, mirror, start, end));
}

/** hmm_mirror_fault(HMM_COPY_TO_DEVICE): HMM selects and unmaps the pages it can move. */
export function hmmMigrateToDevice(
  world: World,
  mirror: string,
  start: number,
  end: number,
): PhaseResult<boolean[]> {
  return runPhase(world, (tx) => hmmMigrateSelect(tx, mirror, start, end));
}

/** The driver's copy_to_device callback. */
export function dummyCopyToDevicePhase(
  world: World,
  mirror: string,
  start: number,
  end: number,
  selected: readonly boolean[],
): PhaseResult<CopyToDevice2015> {
  return runPhase(world, (tx) => dummyCopyToDevice(tx, mirror, start, end, selected));
}

/** HMM frees the copied system pages and maps back the ones it could not copy. */
export function hmmMigrateFinishPhase(
  world: World,
  mirror: string,
  start: number,
  selected: readonly boolean[],
  copied: readonly boolean[],
): PhaseResult<void> {
  return runPhase(world, (tx) => hmmMigrateFinish(tx, mirror, start, selected, copied));
}

/** The driver clears the bits of the reservations copy_to_device did not use; returns `ret`. */
export function dummyFreeUnusedPhase(
  world: World,
  mirror: string,
  ret: number,
): PhaseResult<number> {
  return runPhase(world, (tx) => dummyFreeUnused(tx, mirror, ret));
}
