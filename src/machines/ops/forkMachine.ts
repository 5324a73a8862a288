/**
 * `fork`: kernel/fork.c copy_process() → dup_mm() → dup_mmap() (mm/mmap.c), the engine's
 * ops/fork.ts phase by phase (domain.md §2.11):
 * - dupMmap: the checks (-ESRCH, -EEXIST, -ENOMEM), then the child's mm_struct with a copy of
 *   the parent's VMA list and an empty page table;
 * - copyPageRange, once per VMA: mm/memory.c copy_page_range() — for a private (CoW) VMA the
 *   MMU_NOTIFY_PROTECTION_PAGE invalidation of the parent's mirrors, then every entry copied:
 *   present pages shared and write-protected in both (copy_present_pte), writable device-private
 *   entries made read-only in both (copy_nonpresent_pte), device-exclusive entries restored
 *   first (restore_exclusive_pte), pinned pages copied (copy_present_page).
 */
import { assign, setup } from 'xstate';
import { copyPageRangeVma, dupMmap } from '../../engine/ops/fork';
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

export type ForkStep = StepOf<'fork'>;

export interface ForkContext extends OpContextBase {
  readonly step: ForkStep;
  /** How many VMAs dup_mmap copied, and the next one copy_page_range copies. */
  readonly vmas: number;
  readonly vma: number;
}

export const forkMachine = setup({
  types: {
    context: {} as ForkContext,
    events: {} as OpEvent,
    input: {} as OpInput<ForkStep>,
    output: {} as OpOutput,
  },
  guards: {
    failed: ({ context }) => context.outcome !== null,
    moreVmas: ({ context }) => context.vma < context.vmas,
  },
  actions: {
    dupMmap: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dupMmap(w, c.step));
      return { ...log, outcome: value.outcome, vmas: value.vmas, vma: 0 };
    }),
    copyPageRange: assign(({ context: c }) => ({
      ...runIn(c, (w) => copyPageRangeVma(w, c.step, c.vma)).log,
      vma: c.vma + 1,
    })),
    succeed: assign({ outcome: { ret: 0 } }),
  },
}).createMachine({
  id: 'fork',
  context: ({ input }) => ({ ...baseContext(input), step: input.step, vmas: 0, vma: 0 }),
  initial: 'dupMmap',
  states: {
    /** dup_mmap(): the child's mm_struct and a copy of every VMA. */
    dupMmap: {
      entry: 'dupMmap',
      on: {
        'op.step': [
          { guard: 'failed', target: 'failed' },
          { guard: 'moreVmas', target: 'copyPageRange' },
          { target: 'done', actions: 'succeed' },
        ],
      },
    },
    /** mm/memory.c copy_page_range() for one VMA (notifier, then the entries). */
    copyPageRange: {
      entry: 'copyPageRange',
      on: {
        'op.step': [
          { guard: 'moreVmas', target: 'copyPageRange', reenter: true },
          { target: 'done', actions: 'succeed' },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type ForkMachine = typeof forkMachine;
