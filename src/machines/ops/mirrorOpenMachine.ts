/**
 * `mirror.open`: open("/dev/hmm_dmirrorN") → lib/test_hmm.c dmirror_fops_open(), the engine's
 * ops/mirrorOpen.ts. One phase: the checks (-ESRCH, -ENOENT, -EEXIST), then
 * mm/mmu_notifier.c mmu_interval_notifier_insert() over the opener's whole address space with
 * sequence 0 and an empty device page table. No CPU page table or refcount changes.
 */
import { assign, setup } from 'xstate';
import { dmirrorFopsOpen } from '../../engine/index';
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

export type MirrorOpenStep = StepOf<'mirror.open'>;

export interface MirrorOpenContext extends OpContextBase {
  readonly step: MirrorOpenStep;
}

export const mirrorOpenMachine = setup({
  types: {
    context: {} as MirrorOpenContext,
    events: {} as OpEvent,
    input: {} as OpInput<MirrorOpenStep>,
    output: {} as OpOutput,
  },
  guards: {
    opened: ({ context }) => context.outcome?.ret === 0,
  },
  actions: {
    dmirrorFopsOpen: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dmirrorFopsOpen(w, c.step));
      return { ...log, outcome: value };
    }),
  },
}).createMachine({
  id: 'mirrorOpen',
  context: ({ input }) => ({ ...baseContext(input), step: input.step }),
  initial: 'dmirrorFopsOpen',
  states: {
    /** lib/test_hmm.c dmirror_fops_open() → mmu_interval_notifier_insert(). */
    dmirrorFopsOpen: {
      entry: 'dmirrorFopsOpen',
      on: { 'op.step': [{ guard: 'opened', target: 'done' }, { target: 'failed' }] },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type MirrorOpenMachine = typeof mirrorOpenMachine;
