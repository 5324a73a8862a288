/**
 * The context of {@link devFaultMachine} and the pure updates its phase states make to it.
 * Kept apart from the chart so that each file stays readable.
 */
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  applyStep,
  dmirrorDoCopy,
  dmirrorDoFault,
  dmirrorLockAndReadRetry,
  getMirror,
  getProc,
  hmmRangeFault,
  ioctlMirror,
  isOutcome,
  mmuIntervalReadBegin,
  stepValues,
  type BounceState,
  type HmmRange,
  type Step,
} from '../../engine/index';
import { DMIRROR_WINDOW } from '../../engine/driver/dmirrorFault';
import { baseContext, type OpContextBase, type OpInput, type StepOf } from '../opTypes';
import { appendApplied, runIn } from '../phaseLog';

export type DevAccessStep = StepOf<'dev.read'> | StepOf<'dev.write'>;

export interface DevFaultContext extends OpContextBase {
  readonly step: DevAccessStep;
  readonly write: boolean;
  /** The mirror's process and device (set by the ioctl prologue). */
  readonly proc: string;
  readonly device: string | null;
  /** The bounce buffer: data copied so far and cmd.cpages. */
  readonly bounce: BounceState;
  /** The last dmirror_do_read/do_write return: 0 or -ENOENT. */
  readonly copyRet: number;
  /** cmd.faults: completed dmirror_fault() passes. */
  readonly faults: number;
  /** Copy passes so far (the engine bounds them by count + 2). */
  readonly pass: number;
  /** dmirror_fault(): mmget_not_zero() failed (the process is gone), so it returned 0. */
  readonly mmgetFailed: boolean;
  /** The 64-page window of the current dmirror_fault() (index and first page). */
  readonly window: number;
  readonly windowStart: number;
  /** Rounds of the read_begin / hmm_range_fault / read_retry loop in this window. */
  readonly round: number;
  readonly range: HmmRange | null;
  readonly pfns: readonly number[];
  /** The last hmm_range_fault() or dmirror_do_fault() return. */
  readonly ret: number;
  /** mmu_interval_read_retry() said the pfns are stale. */
  readonly stale: boolean;
  /** Steps other CPU threads ran while this op was between phases (`op.concurrent`). */
  readonly concurrent: number;
}

export type DevFaultPatch = Partial<DevFaultContext>;

export function devFaultContext(input: OpInput<DevAccessStep>): DevFaultContext {
  const { step } = input;
  const write = step.op === 'dev.write';
  return {
    ...baseContext(input),
    step,
    write,
    proc: '',
    device: null,
    bounce: {
      addr: step.page,
      data: write ? stepValues(step) : new Array<number>(step.count).fill(0),
      cpages: 0,
    },
    copyRet: 0,
    faults: 0,
    pass: 0,
    mmgetFailed: false,
    window: 0,
    windowStart: step.page,
    round: 0,
    range: null,
    pfns: [],
    ret: 0,
    stale: false,
    concurrent: 0,
  };
}

export const end = (c: DevFaultContext) => c.step.page + c.step.count;

export function ioctl(c: DevFaultContext): DevFaultPatch {
  const m = ioctlMirror(c.world, c.step.mirror);
  return isOutcome(m) ? { outcome: m } : { proc: m.proc, device: m.device };
}

export function bounceCopy(c: DevFaultContext): DevFaultPatch {
  const start = c.step.page + c.bounce.cpages;
  const { log, value } = runIn(c, (w) =>
    dmirrorDoCopy(w, c.step.mirror, start, end(c), c.bounce, c.write),
  );
  const { ret, ...bounce } = value;
  return { ...log, bounce, copyRet: ret };
}

export function faultBegin(c: DevFaultContext): DevFaultPatch {
  const m = getMirror(c.world, c.step.mirror);
  const p = m === undefined ? undefined : getProc(c.world, m.proc);
  return {
    mmgetFailed: p === undefined || !p.alive,
    window: 0,
    windowStart: c.step.page + c.bounce.cpages,
    round: 0,
  };
}

export function readBegin(c: DevFaultContext): DevFaultPatch {
  const { log, value: seq } = runIn(c, (w) => mmuIntervalReadBegin(w, c.step.mirror));
  const windowEnd = Math.min(c.windowStart + DMIRROR_WINDOW, end(c));
  const range: HmmRange = {
    notifier: c.step.mirror,
    proc: c.proc,
    start: c.windowStart,
    end: windowEnd,
    hmmPfns: new Array<number>(windowEnd - c.windowStart).fill(0),
    defaultFlags: HMM_PFN_REQ_FAULT | (c.write ? HMM_PFN_REQ_WRITE : 0),
    pfnFlagsMask: 0,
    devPrivateOwner: getMirror(c.world, c.step.mirror)?.device ?? null,
    notifierSeq: seq,
  };
  return { ...log, range };
}

function theRange(c: DevFaultContext): HmmRange {
  if (c.range === null) throw new Error('no hmm_range: read_begin did not run');
  return c.range;
}

export function rangeFault(c: DevFaultContext): DevFaultPatch {
  const { log, value } = runIn(c, (w) => hmmRangeFault(w, theRange(c)));
  return { ...log, ret: value.ret, pfns: value.pfns };
}

export function lockAndReadRetry(c: DevFaultContext): DevFaultPatch {
  const seq = theRange(c).notifierSeq;
  const { log, value } = runIn(c, (w) => dmirrorLockAndReadRetry(w, c.step.mirror, seq));
  return { ...log, stale: value };
}

export function doFault(c: DevFaultContext): DevFaultPatch {
  const { log, value } = runIn(c, (w) => dmirrorDoFault(w, c.step.mirror, theRange(c), c.pfns));
  return { ...log, ret: value };
}

/** CPU-side ops another thread of the process may run in the middle of a device fault. */
const CONCURRENT_OPS = new Set(['mmap', 'munmap', 'mprotect', 'cpu.read', 'cpu.write']);

/**
 * Whether another CPU thread may change the page tables now: its mmu notifier callback takes the
 * driver's mutex (dmirror_interval_invalidate), so not while this fault holds it (between a
 * valid read_retry and dmirror_do_fault). Not while micro-steps are being merged either.
 */
export function canRunConcurrently(c: DevFaultContext, step: Step): boolean {
  return (
    c.merging === null &&
    CONCURRENT_OPS.has(step.op) &&
    getMirror(c.world, c.step.mirror)?.locked !== true
  );
}

export function runConcurrent(c: DevFaultContext, step: Step): DevFaultPatch {
  return { ...appendApplied(c, applyStep(c.world, step, c.index)), concurrent: c.concurrent + 1 };
}
