/**
 * `dev.migrate` on the 2015 API: HMM_DUMMY_MIGRATE_TO → dummy_lmem_to_rmem (seed 000 L365-415):
 * the driver pre-allocates fake device pages from its bitmap, HMM selects the pages and puts its
 * swap entry in the CPU page table (hmm_mirror_fault, HMM_COPY_TO_DEVICE), the driver's
 * copy_to_device moves the data, HMM frees the system pages, and the driver frees the
 * reservations it did not use. A full bitmap crashes the kernel there (B13).
 */
import { assign, setup } from 'xstate';
import {
  NO_COUNTERS,
  dummyCopyToDevicePhase,
  dummyFreeUnusedPhase,
  dummyPreallocate,
  hmmMigrateFinishPhase,
  hmmMigrateToDevice,
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

type MigrateStep = StepOf<'dev.migrate'>;

export interface DummyMigrateContext extends OpContextBase {
  readonly step: MigrateStep;
  readonly reserved: boolean;
  readonly selected: readonly boolean[];
  readonly copied: readonly boolean[];
  readonly nfaulted: number;
  readonly ret: number;
}

export const dummyMigrateMachine = setup({
  types: {
    context: {} as DummyMigrateContext,
    events: {} as OpEvent,
    input: {} as OpInput<MigrateStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    crashed: ({ context }) => !context.reserved,
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => {
      const m = ioctlMirror(context.world, context.step.mirror);
      return isOutcome(m) ? { outcome: m } : {};
    }),
    preallocate: assign(({ context: c }) => {
      const { mirror, page, count } = c.step;
      const { log, value } = runIn(c, (w) => dummyPreallocate(w, mirror, page, page + count));
      return { ...log, reserved: value };
    }),
    select: assign(({ context: c }) => {
      const { mirror, page, count } = c.step;
      const { log, value } = runIn(c, (w) => hmmMigrateToDevice(w, mirror, page, page + count));
      return { ...log, selected: value };
    }),
    copy: assign(({ context: c }) => {
      const { mirror, page, count } = c.step;
      const { log, value } = runIn(c, (w) =>
        dummyCopyToDevicePhase(w, mirror, page, page + count, c.selected),
      );
      return { ...log, copied: value.copied, nfaulted: value.nfaulted, ret: value.ret };
    }),
    finish: assign(({ context: c }) => {
      const { mirror, page } = c.step;
      const { log } = runIn(c, (w) => hmmMigrateFinishPhase(w, mirror, page, c.selected, c.copied));
      return log;
    }),
    freeUnused: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dummyFreeUnusedPhase(w, c.step.mirror, c.ret));
      return {
        ...log,
        outcome: { ret: value, dummy: { ...NO_COUNTERS, nfaulted_dev_pages: c.nfaulted } },
      };
    }),
    halted: assign({ outcome: { ret: 0 } }),
  },
}).createMachine({
  id: 'dummyMigrate',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    reserved: false,
    selected: [],
    copied: [],
    nfaulted: 0,
    ret: 0,
  }),
  initial: 'ioctl',
  states: {
    /** dummy_fops_unlocked_ioctl(HMM_DUMMY_MIGRATE_TO): dummy_event_init(). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'preallocate' }] },
    },
    /** Under ddevice->mutex: find_first_zero_bit + set_bit per page (dpfn[]). */
    preallocate: {
      entry: 'preallocate',
      on: {
        'op.step': [
          { guard: 'crashed', target: 'failed', actions: 'halted' },
          { target: 'hmmMirrorFault' },
        ],
      },
    },
    /** hmm_mirror_fault(HMM_COPY_TO_DEVICE): HMM selects the pages and unmaps them. */
    hmmMirrorFault: { entry: 'select', on: { 'op.step': 'copyToDevice' } },
    /** The driver's copy_to_device callback. */
    copyToDevice: { entry: 'copy', on: { 'op.step': 'hmmMigrateFinish' } },
    /** HMM frees the copied system pages, maps back the others. */
    hmmMigrateFinish: { entry: 'finish', on: { 'op.step': 'freeUnused' } },
    /** The driver clears the unused reservations' bits and kfree(dpfn). */
    freeUnused: { entry: 'freeUnused', on: { 'op.step': 'done' } },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type DummyMigrateMachine = typeof dummyMigrateMachine;
