/**
 * The ops that are one kernel phase as far as the model shows them — spawn (mm_alloc), mmap
 * (do_mmap), munmap (do_vmi_munmap), mprotect (change_protection), exit (exit_mmap), and a whole
 * cpu.read/cpu.write range (the engine exposes no per-access phases; a single-page fault on a
 * device-private page is cpuFaultMachine) — plus any op the engine does not support (-ENOSYS):
 * one state that runs the engine's applyStep().
 */
import { assign, setup } from 'xstate';
import { applyStep, type ApplyResult, type Step, type World } from '../../engine/index';
import type { OpEvent, OpInput, OpOutput } from '../opTypes';

export interface ApplyStepContext {
  readonly input: OpInput;
  /** The world before the step, then after it. */
  readonly world: World;
  readonly applied: ApplyResult | null;
}

export const applyStepMachine = setup({
  types: {
    context: {} as ApplyStepContext,
    events: {} as OpEvent,
    input: {} as OpInput<Step>,
    output: {} as OpOutput,
  },
  actions: {
    applyStep: assign(({ context: { input } }) => {
      const applied = applyStep(input.world, input.step, input.index ?? 0);
      return { applied, world: applied.world };
    }),
  },
}).createMachine({
  id: 'applyStep',
  context: ({ input }) => ({ input, world: input.world, applied: null }),
  initial: 'applyStep',
  states: {
    /** src/engine/apply.ts applyStep(): every phase of the op in one transaction. */
    applyStep: {
      entry: 'applyStep',
      on: { 'op.step': 'done' },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => {
    if (context.applied === null) throw new Error('applyStep did not run');
    return context.applied;
  },
});

export type ApplyStepMachine = typeof applyStepMachine;
