/**
 * `dev.read` / `dev.write` on the 2018 API (machine.kernel.api = "2018"; seed 001, mm/hmm.c of
 * v4.17): the engine's ops/devAccess.ts with api2018/dmirrorFault2018.ts, phase by phase.
 *
 * Copy through the device page table; a missing entry starts the fault loop over the rest of
 * the range, window by window (64 pages, cut at the VMA's end: range->vma is one VMA): the
 * driver fills struct hmm_range in its own format and calls hmm_vma_fault(range, true) →
 * takes its lock and asks hmm_vma_range_done(range) (false: an invalidation hit the range,
 * start the window again) → decodes and stores the entries, or, if some are another device's
 * private memory (HMM of 2018 reports them all), asks again with DEVICE_PRIVATE set there.
 * The window's retry budget (config.rangeFaultRetryBudget) ends in -EBUSY, as today's. In a
 * race (`op.world` before each phase) another thread's invalidation can land between
 * hmm_vma_fault and hmm_vma_range_done, not after a valid range_done (the lock is held).
 */
import { and, assign, setup } from 'xstate';
import { err } from '../../engine/index';
import { DMIRROR_WINDOW, PHASE_DO_FAULT } from '../../engine/driver/dmirrorFault';
import {
  type Fault2018,
  dmirrorDoFault2018,
  dmirrorVmaFault2018,
  faultWindows2018Narration,
  hmmVmaRangeDoneFault2018,
} from '../../engine/api2018/phases2018';
import { type OpEvent, type OpInput, type OpOutput, finishOp } from '../opTypes';
import { beginMerge, endMerge, runIn } from '../phaseLog';
import {
  type DevAccessStep,
  type DevFaultContext,
  bounceCopy,
  devFaultContext,
  end,
  faultBegin,
  ioctl,
} from './devFaultContext';

export interface DevFault2018Context extends DevFaultContext {
  /** The last hmm_vma_fault: its range (null if the driver did not call it), entries, token. */
  readonly fault: Fault2018 | null;
  /** hmm_vma_range_done() said the entries may be used. */
  readonly valid: boolean;
  /** Another device's pages, asked again with DEVICE_PRIVATE (dmirror_do_fault found them). */
  readonly back: readonly number[];
}

const EBUSY = err('EBUSY');

function theFault(c: DevFault2018Context): Fault2018 {
  if (c.fault === null) throw new Error('no hmm_range: hmm_vma_fault did not run');
  return c.fault;
}

export const devFault2018Machine = setup({
  types: {
    context: {} as DevFault2018Context,
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
    faultBusy: ({ context }) => context.ret === EBUSY,
    failedRet: ({ context }) => context.ret !== 0,
    roundLeft: ({ context }) => context.round + 1 < context.world.config.rangeFaultRetryBudget,
    valid: ({ context }) => context.valid,
    askAgain: ({ context }) => context.back.length > 0,
    moreWindows: ({ context }) => (theFault(context).range?.end ?? 0) < end(context),
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => ioctl(context)),
    bounceCopy: assign(({ context }) => bounceCopy(context)),
    faultBegin: assign(({ context }) => ({ ...faultBegin(context), back: [] })),
    hmmVmaFault: assign(({ context: c }) => {
      const args = {
        mirror: c.step.mirror,
        proc: c.proc,
        start: c.windowStart,
        end: Math.min(c.windowStart + DMIRROR_WINDOW, end(c)),
        write: c.write,
        back: c.back,
      };
      const { log, value } = runIn(c, (w) => dmirrorVmaFault2018(w, args));
      return { ...log, fault: value, ret: value.ret };
    }),
    rangeDone: assign(({ context: c }) => {
      const seq = theFault(c).seq;
      const { log, value } = runIn(c, (w) => hmmVmaRangeDoneFault2018(w, c.step.mirror, seq));
      return { ...log, valid: value };
    }),
    dmirrorDoFault: assign(({ context: c }) => {
      const { range, pfns } = theFault(c);
      if (range === null) throw new Error('dmirror_do_fault without a range');
      const { log, value } = runIn(c, (w) =>
        dmirrorDoFault2018(w, c.step.mirror, range, pfns, c.write),
      );
      return { ...log, ret: value.ret, back: value.back };
    }),
    retry: assign({ round: ({ context }) => context.round + 1 }),
    nextWindow: assign(({ context }) => ({
      ...(context.window === 0 ? beginMerge(context) : {}),
      window: context.window + 1,
      windowStart: theFault(context).range?.end ?? end(context),
      round: 0,
      back: [],
    })),
    endFaultLoop: assign(({ context }) =>
      endMerge(context, 'dmirror_range_fault', PHASE_DO_FAULT, faultWindows2018Narration),
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
  },
}).createMachine({
  id: 'devFault2018',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({ ...devFaultContext(input), fault: null, valid: false, back: [] }),
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
      },
    },
    /** dmirror_fault(): mmget_not_zero(), then the windows from the first missing page. */
    dmirrorFault: {
      entry: 'faultBegin',
      on: {
        'op.step': [
          { guard: and(['mmgetFailed', 'passLeft']), target: 'bounceCopy', actions: 'passDone' },
          { guard: 'mmgetFailed', target: 'failed', actions: 'failBusy' },
          { target: 'hmmVmaFault' },
        ],
      },
    },
    /** find_vma, struct hmm_range in the driver's format, mm/hmm.c (v4.17) hmm_vma_fault(). */
    hmmVmaFault: {
      entry: 'hmmVmaFault',
      on: {
        'op.step': [
          {
            guard: and(['faultBusy', 'roundLeft']),
            target: 'hmmVmaFault',
            reenter: true,
            actions: 'retry',
          },
          { guard: 'failedRet', target: 'failed', actions: ['endFaultLoop', 'failWithRet'] },
          { target: 'hmmVmaRangeDone' },
        ],
      },
    },
    /** The driver's lock, then mm/hmm.c (v4.17) hmm_vma_range_done(): still valid? */
    hmmVmaRangeDone: {
      entry: 'rangeDone',
      on: {
        'op.step': [
          { guard: 'valid', target: 'dmirrorDoFault' },
          { guard: 'roundLeft', target: 'hmmVmaFault', actions: 'retry' },
          { target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
        ],
      },
    },
    /** Decode and store the entries (or ask again for another device's pages), unlock. */
    dmirrorDoFault: {
      entry: 'dmirrorDoFault',
      on: {
        'op.step': [
          { guard: and(['askAgain', 'roundLeft']), target: 'hmmVmaFault', actions: 'retry' },
          { guard: 'askAgain', target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
          { guard: 'failedRet', target: 'failed', actions: ['endFaultLoop', 'failWithRet'] },
          { guard: 'moreWindows', target: 'hmmVmaFault', actions: 'nextWindow' },
          { guard: 'passLeft', target: 'bounceCopy', actions: ['endFaultLoop', 'passDone'] },
          { target: 'failed', actions: ['endFaultLoop', 'failBusy'] },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type DevFault2018Machine = typeof devFault2018Machine;
