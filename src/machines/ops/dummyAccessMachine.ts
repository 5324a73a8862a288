/**
 * `dev.read` / `dev.write` on the 2015 API (machine.kernel.api = "2015"): HMM_DUMMY_READ /
 * HMM_DUMMY_WRITE of seed 000's dummy driver. The driver walks its own page table
 * (dummy_read / dummy_write); at the first entry that does not allow the access it stops
 * (dummy_mirror_access_stop), HMM faults the rest in (hmm_mirror_fault), and the walk resumes.
 * The ioctl returns the four counters of struct hmm_dummy_read / hmm_dummy_write.
 */
import { assign, setup } from 'xstate';
import {
  type DummyCounters,
  NO_COUNTERS,
  addCounters,
  dummyAccess,
  err,
  hmmMirrorFault,
  ioctlMirror,
  isOutcome,
  stepValues,
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

type AccessStep = StepOf<'dev.read'> | StepOf<'dev.write'>;

export interface DummyAccessContext extends OpContextBase {
  readonly step: AccessStep;
  readonly values: readonly number[] | null;
  readonly counters: DummyCounters;
  readonly data: readonly number[];
  /** Where the next pass starts; −1 once a pass reached the end. */
  readonly from: number;
  readonly faultRet: number;
  readonly rounds: number;
}

/** The rounds of access → fault before the machine gives up (an engine-bug guard). */
const MAX_ROUNDS = 64;

export const dummyAccessMachine = setup({
  types: {
    context: {} as DummyAccessContext,
    events: {} as OpEvent,
    input: {} as OpInput<AccessStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    reachedEnd: ({ context }) => context.from < 0,
    faultFailed: ({ context }) => context.faultRet < 0,
    roundLeft: ({ context }) => context.rounds < MAX_ROUNDS,
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : {};
    }),
    pass: assign(({ context: c }) => {
      const { mirror, page, count } = c.step;
      const { log, value } = runIn(c, (w) =>
        dummyAccess(w, mirror, page, c.from, page + count, c.values, c.counters),
      );
      return {
        ...log,
        counters: value.counters,
        data: [...c.data, ...value.data],
        from: value.stoppedAt,
        rounds: c.rounds + 1,
      };
    }),
    fault: assign(({ context: c }) => {
      const { mirror, page, count } = c.step;
      const { log, value } = runIn(c, (w) =>
        hmmMirrorFault(w, mirror, c.from, page + count, c.values !== null),
      );
      return {
        ...log,
        faultRet: value.ret,
        counters: addCounters(c.counters, { nfaulted_sys_pages: value.faulted }),
      };
    }),
    succeed: assign(({ context: c }) => ({
      outcome:
        c.values === null
          ? { ret: 0, data: c.data, dummy: c.counters }
          : { ret: 0, dummy: c.counters },
    })),
    fail: assign(({ context: c }) => ({ outcome: { ret: c.faultRet, dummy: c.counters } })),
    busy: assign(({ context: c }) => ({ outcome: { ret: err('EBUSY'), dummy: c.counters } })),
  },
}).createMachine({
  id: 'dummyAccess',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    values: input.step.op === 'dev.write' ? stepValues(input.step) : null,
    counters: NO_COUNTERS,
    data: [],
    from: input.step.page,
    faultRet: 0,
    rounds: 0,
  }),
  initial: 'ioctl',
  states: {
    /** dummy_fops_unlocked_ioctl(): copy the struct in, dummy_event_init(). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'dummyAccess' }] },
    },
    /** dummy_read / dummy_write: walk the device table until the end or an unusable entry. */
    dummyAccess: {
      entry: 'pass',
      on: {
        'op.step': [
          { guard: 'reachedEnd', target: 'done', actions: 'succeed' },
          { guard: 'roundLeft', target: 'hmmMirrorFault' },
          { target: 'failed', actions: 'busy' },
        ],
      },
    },
    /** dummy_mirror_access_stop, then hmm_mirror_fault over the rest of the range. */
    hmmMirrorFault: {
      entry: 'fault',
      on: {
        'op.step': [
          { guard: 'faultFailed', target: 'failed', actions: 'fail' },
          { target: 'dummyAccess', reenter: true },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type DummyAccessMachine = typeof dummyAccessMachine;
