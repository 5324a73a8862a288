/**
 * `dev.migrate`: HMM_DMIRROR_MIGRATE_TO_DEV (lib/test_hmm.c dmirror_migrate_to_device;
 * kernel-selftests.md §A.4; domain.md §2.7), the engine's ops/devMigrate.ts phase by phase.
 *
 * Per chunk of up to 64 pages clipped at VMA ends: vma_lookup (-EINVAL without a readable VMA)
 * → migrate_vma_setup (SELECT_SYSTEM, owner = this device) as its two halves, collect and
 * unmap → dmirror_migrate_alloc_and_copy → migrate_vma_pages → dmirror_migrate_finalize_and_map
 * → migrate_vma_finalize. Then the whole range is read back through the mirror: a page it does
 * not map (not collected, no free device page, another device's page) gives -ENOENT.
 */
import { assign, setup } from 'xstate';
import {
  MIGRATE_VMA_SELECT_SYSTEM,
  dmirrorDoCopy,
  dmirrorMigrateAllocAndCopy,
  dmirrorMigrateFinalizeAndMap,
  migrateVmaFinalize,
  migrateVmaPages,
} from '../../engine/index';
import { type OpEvent, type OpInput, type OpOutput, finishOp } from '../opTypes';
import { runIn } from '../phaseLog';
import {
  type MigrateChunkContext,
  type MigrateStep,
  chunkContext,
  collect,
  endChunks,
  ioctl,
  nextChunk,
  rangeEnd,
  theMig,
  unmap,
  vmaLookup,
} from './migrateChunks';
import { chunkGuards, migrateChunkStates } from './migrateChunkChart';

const FN = 'dmirror_migrate_to_device';

export interface MigrateToDeviceContext extends MigrateChunkContext {
  /** The final read-back: 0 or -ENOENT, and what it copied. */
  readonly readRet: number;
  readonly cpages: number;
  readonly data: readonly number[];
}

/**
 * The chunk walk with this op's states between migrate_vma_unmap and migrate_vma_finalize, then
 * the read-back. Built apart from createMachine(), whose StatesConfig would otherwise widen the
 * inferred state and action names to string, so that createMachine() checks the action names.
 */
const CHUNK_STATES = migrateChunkStates(
  [
    // lib/test_hmm.c dmirror_migrate_alloc_and_copy().
    { state: 'dmirrorMigrateAllocAndCopy', entry: 'allocAndCopy' },
    // mm/migrate_device.c migrate_vma_pages().
    { state: 'migrateVmaPages', entry: 'migrateVmaPages' },
    // lib/test_hmm.c dmirror_migrate_finalize_and_map().
    { state: 'dmirrorMigrateFinalizeAndMap', entry: 'finalizeAndMap' },
  ],
  { target: 'bounceRead', actions: [] },
);

export const migrateToDeviceMachine = setup({
  types: {
    context: {} as MigrateToDeviceContext,
    events: {} as OpEvent,
    input: {} as OpInput<MigrateStep>,
    output: {} as OpOutput,
  },
  guards: {
    ...chunkGuards,
    allMapped: ({ context }) => context.readRet === 0,
  },
  actions: {
    ioctl: assign(({ context }) => ioctl(context)),
    vmaLookup: assign(({ context }) => vmaLookup(context, FN)),
    migrateVmaCollect: assign(({ context: c }) =>
      collect(c, {
        proc: c.proc,
        start: c.addr,
        end: c.next,
        flags: MIGRATE_VMA_SELECT_SYSTEM,
        pgmapOwner: c.device,
        faultPage: null,
      }),
    ),
    migrateVmaUnmap: assign(({ context }) => unmap(context)),
    allocAndCopy: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) =>
        dmirrorMigrateAllocAndCopy(w, theMig(c), c.step.mirror),
      );
      return { ...log, mig: value };
    }),
    migrateVmaPages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => migrateVmaPages(w, theMig(c)));
      return { ...log, mig: value };
    }),
    finalizeAndMap: assign(
      ({ context: c }) =>
        runIn(c, (w) => dmirrorMigrateFinalizeAndMap(w, theMig(c), c.step.mirror)).log,
    ),
    migrateVmaFinalize: assign(
      ({ context: c }) => runIn(c, (w) => migrateVmaFinalize(w, theMig(c))).log,
    ),
    nextChunk: assign(({ context }) => nextChunk(context)),
    endChunks: assign(({ context }) => endChunks(context, FN, context.ret)),
    bounceRead: assign(({ context: c }) => {
      const bounce = {
        addr: c.step.page,
        data: new Array<number>(c.step.count).fill(0),
        cpages: 0,
      };
      const { log, value } = runIn(c, (w) =>
        dmirrorDoCopy(w, c.step.mirror, c.step.page, rangeEnd(c), bounce, false),
      );
      return { ...log, readRet: value.ret, cpages: value.cpages, data: value.data };
    }),
    failWithRet: assign({ outcome: ({ context }) => ({ ret: context.ret }) }),
    failWithReadRet: assign({ outcome: ({ context }) => ({ ret: context.readRet }) }),
    succeed: assign({
      outcome: ({ context }) => ({ ret: 0, cpages: context.cpages, data: context.data }),
    }),
  },
}).createMachine({
  id: 'migrateToDevice',
  context: ({ input }) => ({ ...chunkContext(input), readRet: 0, cpages: 0, data: [] }),
  initial: 'ioctl',
  states: {
    ...CHUNK_STATES,
    /** lib/test_hmm.c dmirror_do_read() over the whole range (-ENOENT if a page is unmapped). */
    bounceRead: {
      entry: 'bounceRead',
      on: {
        'op.step': [
          { guard: 'allMapped', target: 'done', actions: 'succeed' },
          { target: 'failed', actions: 'failWithReadRet' },
        ],
      },
    },
  },
  output: ({ context }) => finishOp(context),
});

export type MigrateToDeviceMachine = typeof migrateToDeviceMachine;
