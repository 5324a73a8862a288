/**
 * `dev.migrate-back`: HMM_DMIRROR_MIGRATE_TO_SYS (lib/test_hmm.c dmirror_migrate_to_system;
 * domain.md §2.9.1), the engine's ops/devMigrateBack.ts phase by phase.
 *
 * The same chunk walk as dev.migrate, selecting this device's own pages (SELECT_DEVICE_PRIVATE
 * or SELECT_DEVICE_COHERENT by device type, owner = this device): migrate_vma_setup (collect,
 * unmap) → dmirror_devmem_fault_alloc_and_copy (new system pages; the mirror's entries erased)
 * → migrate_vma_pages (cpages += pages still VALID|MIGRATE) → migrate_vma_finalize. A failed
 * system-page allocation is not an error (torvalds/linux): that page is restored, not counted.
 * For a coherent device this is the only way back: the CPU never faults on its pages.
 */
import { assign, setup } from 'xstate';
import {
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
  dmirrorDevmemFaultAllocAndCopy,
  dmirrorSuccessfulMigratedPages,
  getDevice,
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
  theMig,
  unmap,
  vmaLookup,
} from './migrateChunks';
import { chunkGuards, migrateChunkStates } from './migrateChunkChart';

const FN = 'dmirror_migrate_to_system';

export interface MigrateToSystemContext extends MigrateChunkContext {
  /** cmd.cpages: pages actually migrated back so far. */
  readonly cpages: number;
}

/**
 * The chunk walk with this op's states between migrate_vma_unmap and migrate_vma_finalize. Built
 * apart from createMachine(), whose StatesConfig would otherwise widen the inferred state and
 * action names to string, so that createMachine() checks the entry action names.
 */
const CHUNK_STATES = migrateChunkStates(
  [
    // lib/test_hmm.c dmirror_devmem_fault_alloc_and_copy().
    { state: 'dmirrorDevmemFaultAllocAndCopy', entry: 'allocAndCopy' },
    // mm/migrate_device.c migrate_vma_pages(), then dmirror_successful_migrated_pages().
    { state: 'migrateVmaPages', entry: 'migrateVmaPages' },
  ],
  { target: 'done', actions: ['succeed'] },
);

export const migrateToSystemMachine = setup({
  types: {
    context: {} as MigrateToSystemContext,
    events: {} as OpEvent,
    input: {} as OpInput<MigrateStep>,
    output: {} as OpOutput,
  },
  guards: chunkGuards,
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    ioctl: assign(({ context }) => ioctl(context)),
    vmaLookup: assign(({ context }) => vmaLookup(context, FN)),
    migrateVmaCollect: assign(({ context: c }) =>
      collect(c, {
        proc: c.proc,
        start: c.addr,
        end: c.next,
        flags:
          getDevice(c.world, c.device)?.memory === 'coherent'
            ? MIGRATE_VMA_SELECT_DEVICE_COHERENT
            : MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
        pgmapOwner: c.device,
        faultPage: null,
      }),
    ),
    migrateVmaUnmap: assign(({ context }) => unmap(context)),
    allocAndCopy: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) =>
        dmirrorDevmemFaultAllocAndCopy(w, theMig(c), c.step.mirror),
      );
      return { ...log, mig: value.mig };
    }),
    migrateVmaPages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => migrateVmaPages(w, theMig(c)));
      return { ...log, mig: value, cpages: c.cpages + dmirrorSuccessfulMigratedPages(value) };
    }),
    migrateVmaFinalize: assign(
      ({ context: c }) => runIn(c, (w) => migrateVmaFinalize(w, theMig(c))).log,
    ),
    nextChunk: assign(({ context }) => nextChunk(context)),
    endChunks: assign(({ context }) => endChunks(context, FN, context.ret)),
    failWithRet: assign({ outcome: ({ context }) => ({ ret: context.ret }) }),
    succeed: assign({ outcome: ({ context }) => ({ ret: 0, cpages: context.cpages }) }),
  },
}).createMachine({
  id: 'migrateToSystem',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({ ...chunkContext(input), cpages: 0 }),
  initial: 'ioctl',
  states: CHUNK_STATES,
  output: ({ context }) => finishOp(context),
});

export type MigrateToSystemMachine = typeof migrateToSystemMachine;
