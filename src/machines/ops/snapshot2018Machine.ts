/**
 * `dev.snapshot` on the 2018 API (machine.kernel.api = "2018"; seed 001, mm/hmm.c of v4.17):
 * hmm_vma_get_pfns(range) → the driver's lock + hmm_vma_range_done(range) → decode and unlock,
 * or, if an invalidation cleared range->valid meanwhile, start again. The engine's
 * api2018/hmmVmaGetPfns.ts phase by phase; in a race the invalidation can land in between.
 */
import { assign, setup } from 'xstate';
import {
  dmirrorMkentry2018,
  err,
  hmmVmaGetPfns,
  hmmVmaRangeDone,
  ioctlMirror,
  isOutcome,
} from '../../engine/index';
import {
  type OpContextBase,
  type OpEvent,
  type OpInput,
  type OpOutput,
  type StepOf,
  baseContext,
  finishOp,
} from '../opTypes';
import { runIn } from '../phaseLog';

type SnapshotStep = StepOf<'dev.snapshot'>;

export interface Snapshot2018Context extends OpContextBase {
  readonly step: SnapshotStep;
  readonly proc: string;
  readonly device: string;
  readonly pfns: readonly number[];
  /** The validity token of the range (the mirror's sequence at get_pfns). */
  readonly seq: number;
  readonly valid: boolean;
  readonly rounds: number;
  readonly prot: readonly number[];
}

export const snapshot2018Machine = setup({
  types: {
    context: {} as Snapshot2018Context,
    events: {} as OpEvent,
    input: {} as OpInput<SnapshotStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    valid: ({ context }) => context.valid,
    roundLeft: ({ context }) => context.rounds < context.world.config.rangeFaultRetryBudget,
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : { proc: m.proc, device: m.device };
    }),
    getPfns: assign(({ context: c }) => {
      const { page, count, mirror } = c.step;
      const { log, value } = runIn(c, (w) => hmmVmaGetPfns(w, mirror, c.proc, page, page + count));
      return { ...log, pfns: value.pfns, seq: value.seq, rounds: c.rounds + 1 };
    }),
    rangeDone: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => hmmVmaRangeDone(w, c.step.mirror, c.seq));
      return { ...log, valid: value };
    }),
    mkentry: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) =>
        dmirrorMkentry2018(w, c.step.mirror, c.device, c.pfns),
      );
      return { ...log, prot: value, outcome: { ret: 0, cpages: c.step.count, prot: value } };
    }),
    busy: assign({ outcome: { ret: err('EBUSY') } }),
  },
}).createMachine({
  id: 'snapshot2018',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    proc: '',
    device: '',
    pfns: [],
    seq: 0,
    valid: false,
    rounds: 0,
    prot: [],
  }),
  initial: 'ioctl',
  states: {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'hmmVmaGetPfns' }] },
    },
    /** mm/hmm.c (v4.17) hmm_vma_get_pfns(): entries in the driver's format, range->valid set. */
    hmmVmaGetPfns: {
      entry: 'getPfns',
      on: { 'op.step': 'hmmVmaRangeDone' },
    },
    /** The driver's lock, then mm/hmm.c (v4.17) hmm_vma_range_done(): still valid? */
    hmmVmaRangeDone: {
      entry: 'rangeDone',
      on: {
        'op.step': [
          { guard: 'valid', target: 'dmirrorMkentry' },
          { guard: 'roundLeft', target: 'hmmVmaGetPfns', reenter: true },
          { target: 'failed', actions: 'busy' },
        ],
      },
    },
    /** Decode with the driver's table (hmm_pfn_to_pfn), one byte per page, unlock. */
    dmirrorMkentry: {
      entry: 'mkentry',
      on: { 'op.step': 'done' },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type Snapshot2018Machine = typeof snapshot2018Machine;
