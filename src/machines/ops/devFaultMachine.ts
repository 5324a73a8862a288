/**
 * `dev.read` / `dev.write`: HMM_DMIRROR_READ / HMM_DMIRROR_WRITE (lib/test_hmm.c dmirror_read,
 * dmirror_write; kernel-selftests.md §A.3–§A.4), the engine's ops/devAccess.ts phase by phase.
 *
 * Copy through the device page table (dmirror_do_read/do_write). A missing entry (-ENOENT)
 * starts dmirror_fault() over the rest of the range, in windows of 64 pages; each window runs
 * the loop of Documentation/mm/hmm.rst: mmu_interval_read_begin → hmm_range_fault (-EBUSY: start
 * the window again; any other error fails the ioctl) → driver lock + mmu_interval_read_retry
 * (stale: again) → dmirror_do_fault. After the last window the copy runs again. The window's
 * retry budget (config.rangeFaultRetryBudget, the kernel's 1 s timeout) ends in -EBUSY.
 * Windows after the first are merged into one micro-step, as the engine does.
 *
 * An op runs without interleaving in the engine, so a read_retry there is never stale. The
 * `op.concurrent` event lets another CPU thread run a whole step between two phases (an mprotect,
 * a munmap…) wherever the driver's mutex is not held — the race the retry loop exists for; the
 * scenario runners never send it.
 */
import { and, assign, setup } from 'xstate';
import { err } from '../../engine/index';
import {
  DMIRROR_WINDOW,
  PHASE_DO_FAULT,
  faultWindowsNarration,
} from '../../engine/driver/dmirrorFault';
import { type OpEvent, type OpInput, type OpOutput, finishOp } from '../opTypes';
import { beginMerge, endMerge } from '../phaseLog';
import {
  type DevAccessStep,
  type DevFaultContext,
  bounceCopy,
  canRunConcurrently,
  devFaultContext,
  doFault,
  end,
  faultBegin,
  ioctl,
  lockAndReadRetry,
  rangeFault,
  readBegin,
  runConcurrent,
} from './devFaultContext';

export type { DevAccessStep, DevFaultContext };

const EBUSY = err('EBUSY');

/**
 * Between two phases another CPU thread may change the page tables (`op.concurrent`), unless
 * the fault holds the driver's mutex: that is what read_begin / read_retry guard against.
 */
const concurrent = {
  'op.concurrent': { guard: 'canRunConcurrently', actions: 'runConcurrent' },
} as const;

export const devFaultMachine = setup({
  types: {
    context: {} as DevFaultContext,
    events: {} as OpEvent,
    input: {} as OpInput<DevAccessStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    copied: ({ context }) => context.copyRet === 0,
    mmgetFailed: ({ context }) => context.mmgetFailed,
    /** The engine bounds the copy/fault passes at count + 2 (then -EBUSY). */
    passLeft: ({ context }) => context.pass + 1 <= context.step.count + 1,
    rangeBusy: ({ context }) => context.ret === EBUSY,
    rangeError: ({ context }) => context.ret !== 0,
    roundLeft: ({ context }) => context.round + 1 < context.world.config.rangeFaultRetryBudget,
    stale: ({ context }) => context.stale,
    doFaultError: ({ context }) => context.ret !== 0,
    moreWindows: ({ context }) => context.windowStart + DMIRROR_WINDOW < end(context),
    canRunConcurrently: ({ context, event }) =>
      event.type === 'op.concurrent' && canRunConcurrently(context, event.step),
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => ioctl(context)),
    bounceCopy: assign(({ context }) => bounceCopy(context)),
    faultBegin: assign(({ context }) => faultBegin(context)),
    readBegin: assign(({ context }) => readBegin(context)),
    hmmRangeFault: assign(({ context }) => rangeFault(context)),
    lockAndReadRetry: assign(({ context }) => lockAndReadRetry(context)),
    dmirrorDoFault: assign(({ context }) => doFault(context)),
    retry: assign({ round: ({ context }) => context.round + 1 }),
    nextWindow: assign(({ context }) => ({
      ...(context.window === 0 ? beginMerge(context) : {}),
      window: context.window + 1,
      windowStart: context.windowStart + DMIRROR_WINDOW,
      round: 0,
    })),
    endFaultLoop: assign(({ context }) =>
      endMerge(context, 'dmirror_range_fault', PHASE_DO_FAULT, faultWindowsNarration),
    ),
    passDone: assign({
      faults: ({ context }) => context.faults + 1,
      pass: ({ context }) => context.pass + 1,
    }),
    succeed: assign({
      outcome: ({ context: c }) =>
        c.write
          ? { ret: 0, cpages: c.bounce.cpages, faults: c.faults }
          : { ret: 0, cpages: c.bounce.cpages, faults: c.faults, data: c.bounce.data },
    }),
    failWithRet: assign({ outcome: ({ context }) => ({ ret: context.ret }) }),
    failBusy: assign({ outcome: { ret: EBUSY } }),
    runConcurrent: assign(({ context, event }) =>
      event.type === 'op.concurrent' ? runConcurrent(context, event.step) : {},
    ),
  },
}).createMachine({
  id: 'devFault',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => devFaultContext(input),
  initial: 'ioctl',
  states: {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'bounceCopy' }] },
    },
    /** dmirror_do_read() / dmirror_do_write() under the mirror's mutex. */
    bounceCopy: {
      entry: 'bounceCopy',
      on: {
        'op.step': [
          { guard: 'copied', target: 'done', actions: 'succeed' },
          { target: 'dmirrorFault' },
        ],
        ...concurrent,
      },
    },
    /** dmirror_fault(): mmget_not_zero(), then the windows from the first missing page. */
    dmirrorFault: {
      entry: 'faultBegin',
      on: {
        'op.step': [
          { guard: and(['mmgetFailed', 'passLeft']), target: 'bounceCopy', actions: 'passDone' },
          { guard: 'mmgetFailed', target: 'failed', actions: 'failBusy' },
          { target: 'readBegin' },
        ],
        ...concurrent,
      },
    },
    /** mm/mmu_notifier.c mmu_interval_read_begin(). */
    readBegin: {
      entry: 'readBegin',
      on: { 'op.step': { target: 'hmmRangeFault' }, ...concurrent },
    },
    /** mm/hmm.c hmm_range_fault() under mmap_read_lock. */
    hmmRangeFault: {
      entry: 'hmmRangeFault',
      on: {
        'op.step': [
          { guard: and(['rangeBusy', 'roundLeft']), target: 'readBegin', actions: 'retry' },
          { guard: 'rangeBusy', target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
          { guard: 'rangeError', target: 'failed', actions: ['endFaultLoop', 'failWithRet'] },
          { target: 'lockAndReadRetry' },
        ],
        ...concurrent,
      },
    },
    /** mutex_lock(&dmirror->mutex) + mmu_interval_read_retry(). */
    lockAndReadRetry: {
      entry: 'lockAndReadRetry',
      on: {
        'op.step': [
          { guard: and(['stale', 'roundLeft']), target: 'readBegin', actions: 'retry' },
          { guard: 'stale', target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
          { target: 'dmirrorDoFault' },
        ],
        ...concurrent,
      },
    },
    /** dmirror_do_fault(): program the device page table, then the next window or copy again. */
    dmirrorDoFault: {
      entry: 'dmirrorDoFault',
      on: {
        'op.step': [
          { guard: 'doFaultError', target: 'failed', actions: ['endFaultLoop', 'failWithRet'] },
          { guard: 'moreWindows', target: 'readBegin', actions: 'nextWindow' },
          { guard: 'passLeft', target: 'bounceCopy', actions: ['endFaultLoop', 'passDone'] },
          { target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
        ],
        ...concurrent,
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type DevFaultMachine = typeof devFaultMachine;
