/**
 * `dev.snapshot`: HMM_DMIRROR_SNAPSHOT (lib/test_hmm.c dmirror_snapshot →
 * dmirror_range_snapshot → dmirror_mkentry; kernel-selftests.md §A.4, §A.6), the engine's
 * ops/devSnapshot.ts phase by phase.
 *
 * hmm_range_fault() with default_flags = 0 never faults, so it cannot fail, and in the model
 * (where an op runs without interleaving) its result cannot go stale either: the engine walks
 * once, without the read_begin / read_retry loop, and so does this machine. Then one
 * protection byte per page. Nothing in the world changes.
 */
import { assign, setup } from 'xstate';
import { dmirrorMkentries, dmirrorRangeSnapshot, ioctlMirror, isOutcome } from '../../engine/index';
import {
  type OpEvent,
  type OpInput,
  type OpOutput,
  type StepOf,
  baseContext,
  finishOp,
} from '../opTypes';
import type { OpContextBase } from '../opTypes';
import { runIn } from '../phaseLog';

export type SnapshotStep = StepOf<'dev.snapshot'>;

export interface SnapshotContext extends OpContextBase {
  readonly step: SnapshotStep;
  readonly proc: string;
  readonly device: string;
  /** The HMM pfns the walk returned, then the protection bytes. */
  readonly pfns: readonly number[];
  readonly prot: readonly number[];
}

export const snapshotMachine = setup({
  types: {
    context: {} as SnapshotContext,
    events: {} as OpEvent,
    input: {} as OpInput<SnapshotStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : { proc: m.proc, device: m.device };
    }),
    hmmRangeFault: assign(({ context: c }) => {
      const start = c.step.page;
      const { log, value } = runIn(c, (w) =>
        dmirrorRangeSnapshot(w, c.step.mirror, c.proc, c.device, start, start + c.step.count),
      );
      return { ...log, pfns: value };
    }),
    dmirrorMkentry: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dmirrorMkentries(w, c.device, c.pfns));
      return { ...log, prot: value };
    }),
    succeed: assign({
      outcome: ({ context }) => ({ ret: 0, cpages: context.step.count, prot: context.prot }),
    }),
  },
}).createMachine({
  id: 'snapshot',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    proc: '',
    device: '',
    pfns: [],
    prot: [],
  }),
  initial: 'ioctl',
  states: {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'hmmRangeFault' }] },
    },
    /** mm/hmm.c hmm_range_fault() with default_flags = 0: a walk that never faults. */
    hmmRangeFault: {
      entry: 'hmmRangeFault',
      on: { 'op.step': 'dmirrorMkentry' },
    },
    /** lib/test_hmm.c dmirror_mkentry(): one protection byte per page. */
    dmirrorMkentry: {
      entry: 'dmirrorMkentry',
      on: { 'op.step': { target: 'done', actions: 'succeed' } },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type SnapshotMachine = typeof snapshotMachine;
