/**
 * `mirror.close`: close() → lib/test_hmm.c dmirror_fops_release(), the engine's
 * ops/mirrorClose.ts: mmu_interval_notifier_remove() and the device page table is destroyed (it
 * held no page reference, so no refcount changes). With config.closeEvictsDeviceMemory (the
 * linux-mm driver) the release then evicts the whole device, dmirror_device_remove_chunks(),
 * shown here as one phase (`dev.release` shows it phase by phase); its result is ignored.
 */
import { assign, setup } from 'xstate';
import {
  dmirrorDeviceRemoveChunks,
  dmirrorFopsRelease,
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

export type MirrorCloseStep = StepOf<'mirror.close'>;

export interface MirrorCloseContext extends OpContextBase {
  readonly step: MirrorCloseStep;
  /** The closed mirror's device. */
  readonly device: string;
}

export const mirrorCloseMachine = setup({
  types: {
    context: {} as MirrorCloseContext,
    events: {} as OpEvent,
    input: {} as OpInput<MirrorCloseStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    evictsOnClose: ({ context }) => context.world.config.closeEvictsDeviceMemory,
  },
  actions: {
    close: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : { device: m.device };
    }),
    dmirrorFopsRelease: assign(
      ({ context: c }) => runIn(c, (w) => dmirrorFopsRelease(w, c.step.mirror)).log,
    ),
    removeChunks: assign(
      ({ context: c }) => runIn(c, (w) => dmirrorDeviceRemoveChunks(w, c.device)).log,
    ),
    succeed: assign({ outcome: { ret: 0 } }),
  },
}).createMachine({
  id: 'mirrorClose',
  context: ({ input }) => ({ ...baseContext(input), step: input.step, device: '' }),
  initial: 'close',
  states: {
    /** close(2): the file must be open (-EBADF). */
    close: {
      entry: 'close',
      on: {
        'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'dmirrorFopsRelease' }],
      },
    },
    /** lib/test_hmm.c dmirror_fops_release() → mmu_interval_notifier_remove(). */
    dmirrorFopsRelease: {
      entry: 'dmirrorFopsRelease',
      on: {
        'op.step': [
          { guard: 'evictsOnClose', target: 'dmirrorDeviceRemoveChunks' },
          { target: 'done', actions: 'succeed' },
        ],
      },
    },
    /** lib/test_hmm.c dmirror_device_remove_chunks() (linux-mm driver only). */
    dmirrorDeviceRemoveChunks: {
      entry: 'removeChunks',
      on: { 'op.step': { target: 'done', actions: 'succeed' } },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type MirrorCloseMachine = typeof mirrorCloseMachine;
