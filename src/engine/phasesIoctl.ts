/**
 * The phases of the lib/test_hmm.c file operations and ioctls that ops/*.ts otherwise run inline,
 * as pure functions for the machine layer (see phases.ts): the ioctl prologue, the migrate
 * ioctls' VMA walk, the bounce-buffer copy, the snapshot, open and release. Each wraps the same
 * Tx function the op runs, so its micro-steps and narration are the op's own.
 */
import { type Bounce, dmirrorDoReadTx, dmirrorDoWriteTx } from './driver/dmirrorBounce';
import { isOutcome, openMirror } from './ops/common';
import { type ChunkLookup, chunksNarration, migrateVmaLookupTx } from './ops/devMigrate';
import { dmirrorMkentriesTx, dmirrorRangeSnapshotTx } from './ops/devSnapshot';
import { dmirrorFopsReleaseTx } from './ops/mirrorClose';
import { opMirrorOpen } from './ops/mirrorOpen';
import type { OpOutcome } from './steps';
import { dmirrorMkentry2018Tx, hmmVmaGetPfnsTx, hmmVmaRangeDoneTx } from './api2018/hmmVmaGetPfns';
import { type PhaseResult, runPhase } from './tx';
import type { Mirror, World } from './types';

export { type ChunkLookup, chunksNarration, isOutcome };

/** dmirror_fops_unlocked_ioctl(): the file's open mirror, or the outcome (-EBADF). No change. */
export function ioctlMirror(world: World, name: string): Mirror | OpOutcome {
  return runPhase(world, (tx) => openMirror(tx, name)).value;
}

/**
 * dmirror_fops_open(): the opener must be alive (-ESRCH), the device must exist (-ENOENT), the
 * name must be free (-EEXIST); then mmu_interval_notifier_insert() over the whole mm.
 */
export function dmirrorFopsOpen(
  world: World,
  step: { readonly proc: string; readonly device: string; readonly as: string },
): PhaseResult<OpOutcome> {
  return runPhase(world, (tx) => opMirrorOpen(tx, step));
}

/** dmirror_fops_release(): the notifier is removed and the device page table destroyed. */
export function dmirrorFopsRelease(world: World, mirror: string): PhaseResult<null> {
  return runPhase(world, (tx) => {
    dmirrorFopsReleaseTx(tx, mirror);
    return null;
  });
}

/** vma_lookup() for chunk number `chunk` of the migrate ioctl `fn` (see migrateVmaLookupTx). */
export function migrateVmaLookup(
  world: World,
  proc: string,
  addr: number,
  end: number,
  chunk: number,
  fn: string,
): PhaseResult<ChunkLookup> {
  return runPhase(world, (tx) => migrateVmaLookupTx(tx, proc, addr, end, chunk, fn));
}

/** The ioctl's bounce buffer between copies (copied in and out, so the phase stays pure). */
export interface BounceState {
  /** The ioctl's first page (bounce index 0). */
  readonly addr: number;
  readonly data: readonly number[];
  /** Pages copied so far (cmd.cpages). */
  readonly cpages: number;
}

export interface BounceResult extends BounceState {
  /** 0, or -ENOENT: the entry at addr + cpages is missing (or, for a write, not writable). */
  readonly ret: number;
}

/** dmirror_do_read() (`write` false) or dmirror_do_write() over [start, end). */
export function dmirrorDoCopy(
  world: World,
  mirror: string,
  start: number,
  end: number,
  bounce: BounceState,
  write: boolean,
): PhaseResult<BounceResult> {
  return runPhase(world, (tx) => {
    const b: Bounce = { addr: bounce.addr, data: bounce.data.slice(), cpages: bounce.cpages };
    const ret = write
      ? dmirrorDoWriteTx(tx, mirror, start, end, b)
      : dmirrorDoReadTx(tx, mirror, start, end, b);
    return { ret, addr: b.addr, data: b.data, cpages: b.cpages };
  });
}

/** dmirror_range_snapshot(): the HMM pfns of [start, end) of the mirror's process. */
export function dmirrorRangeSnapshot(
  world: World,
  mirror: string,
  proc: string,
  device: string,
  start: number,
  end: number,
): PhaseResult<number[]> {
  return runPhase(world, (tx) => dmirrorRangeSnapshotTx(tx, mirror, proc, device, start, end));
}

/** dmirror_mkentry() for every pfn: the bytes HMM_DMIRROR_SNAPSHOT copies to user space. */
export function dmirrorMkentries(
  world: World,
  device: string,
  pfns: readonly number[],
): PhaseResult<number[]> {
  return runPhase(world, (tx) => dmirrorMkentriesTx(tx, device, pfns));
}

// ---- the 2018 snapshot API (api2018/hmmVmaGetPfns.ts) --------------------------------------

/** hmm_vma_get_pfns(range): the driver-format entries and the range's validity token. */
export function hmmVmaGetPfns(
  world: World,
  mirror: string,
  proc: string,
  start: number,
  end: number,
): PhaseResult<{ pfns: number[]; seq: number }> {
  return runPhase(world, (tx) => hmmVmaGetPfnsTx(tx, mirror, proc, start, end));
}

/** Driver lock + hmm_vma_range_done(range): true if the entries may be used. */
export function hmmVmaRangeDone(world: World, mirror: string, seq: number): PhaseResult<boolean> {
  return runPhase(world, (tx) => hmmVmaRangeDoneTx(tx, mirror, seq));
}

/** The driver decodes the 2018 entries into snapshot bytes and unlocks. */
export function dmirrorMkentry2018(
  world: World,
  mirror: string,
  device: string,
  pfns: readonly number[],
): PhaseResult<number[]> {
  return runPhase(world, (tx) => dmirrorMkentry2018Tx(tx, mirror, device, pfns));
}
