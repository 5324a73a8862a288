/**
 * `dev.exclusive`: HMM_DMIRROR_EXCLUSIVE (lib/test_hmm.c dmirror_exclusive; mm/rmap.c
 * make_device_exclusive; domain.md §2.15, S16), the engine's ops/devExclusive.ts phase by phase.
 *
 * The ioctl's mirror (-EBADF) → per page, make_device_exclusive (GUP FOLL_GET | FOLL_WRITE
 * faults the page in writable, folio lock, MMU_NOTIFY_EXCLUSIVE, the PTE becomes a
 * device-exclusive entry) and dmirror_atomic_map (an ATOMIC device entry; unlock, put); the
 * first error is returned → dmirror_do_read of the range (cpages, data).
 */
import { assign, setup } from 'xstate';
import { dmirrorDoCopy, dmirrorExclusive, ioctlMirror, isOutcome } from '../../engine/index';
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

export type ExclusiveStep = StepOf<'dev.exclusive'>;

export interface ExclusiveContext extends OpContextBase {
  readonly step: ExclusiveStep;
  readonly proc: string;
}

export const exclusiveMachine = setup({
  types: {
    context: {} as ExclusiveContext,
    events: {} as OpEvent,
    input: {} as OpInput<ExclusiveStep>,
    output: {} as OpOutput,
  },
  guards: {
    failed: ({ context }) => context.outcome !== null,
    readFailed: ({ context }) => context.outcome?.ret !== 0,
  },
  actions: {
    ioctl: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : { proc: m.proc };
    }),
    makeDeviceExclusive: assign(({ context: c }) => {
      const start = c.step.page;
      const { log, value } = runIn(c, (w) =>
        dmirrorExclusive(w, c.step.mirror, c.proc, start, start + c.step.count),
      );
      return value === 0 ? log : { ...log, outcome: { ret: value } };
    }),
    dmirrorDoRead: assign(({ context: c }) => {
      const start = c.step.page;
      const bounce = { addr: start, data: new Array<number>(c.step.count).fill(0), cpages: 0 };
      const { log, value } = runIn(c, (w) =>
        dmirrorDoCopy(w, c.step.mirror, start, start + c.step.count, bounce, false),
      );
      return {
        ...log,
        outcome:
          value.ret === 0 ? { ret: 0, cpages: value.cpages, data: value.data } : { ret: value.ret },
      };
    }),
  },
}).createMachine({
  id: 'exclusive',
  context: ({ input }) => ({ ...baseContext(input), step: input.step, proc: '' }),
  initial: 'ioctl',
  states: {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'failed', target: 'failed' }, { target: 'makeDeviceExclusive' }] },
    },
    /** mm/rmap.c make_device_exclusive() + lib/test_hmm.c dmirror_atomic_map(), page by page. */
    makeDeviceExclusive: {
      entry: 'makeDeviceExclusive',
      on: { 'op.step': [{ guard: 'failed', target: 'failed' }, { target: 'dmirrorDoRead' }] },
    },
    /** lib/test_hmm.c dmirror_do_read(): the data the device now sees. */
    dmirrorDoRead: {
      entry: 'dmirrorDoRead',
      on: {
        'op.step': [{ guard: 'readFailed', target: 'failed' }, { target: 'done' }],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type ExclusiveMachine = typeof exclusiveMachine;
