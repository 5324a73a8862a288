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
  moreChunks,
  nextChunk,
  theMig,
  unmap,
  vmaLookup,
} from './migrateChunks';

const FN = 'dmirror_migrate_to_system';

export interface MigrateToSystemContext extends MigrateChunkContext {
  /** cmd.cpages: pages actually migrated back so far. */
  readonly cpages: number;
}

export const migrateToSystemMachine = setup({
  types: {
    context: {} as MigrateToSystemContext,
    events: {} as OpEvent,
    input: {} as OpInput<MigrateStep>,
    output: {} as OpOutput,
  },
  guards: {
    badMirror: ({ context }) => context.outcome !== null,
    failedRet: ({ context }) => context.ret !== 0,
    moreChunks: ({ context }) => moreChunks(context),
  },
  actions: {
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
  context: ({ input }) => ({ ...chunkContext(input), cpages: 0 }),
  initial: 'ioctl',
  states: {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'vmaLookup' }] },
    },
    /** vma_lookup(): the chunk's VMA must exist and be readable (-EINVAL). */
    vmaLookup: {
      entry: 'vmaLookup',
      on: {
        'op.step': [
          { guard: 'failedRet', target: 'failed', actions: ['endChunks', 'failWithRet'] },
          { target: 'migrateVmaCollect' },
        ],
      },
    },
    /** mm/migrate_device.c migrate_vma_setup(): checks, then migrate_vma_collect(). */
    migrateVmaCollect: {
      entry: 'migrateVmaCollect',
      on: {
        'op.step': [
          // Unreachable here: vma_lookup already checked what migrate_vma_setup validates.
          { guard: 'failedRet', target: 'failed', actions: ['endChunks', 'failWithRet'] },
          { target: 'migrateVmaUnmap' },
        ],
      },
    },
    /** mm/migrate_device.c migrate_vma_setup(): migrate_vma_unmap() (if cpages > 0). */
    migrateVmaUnmap: {
      entry: 'migrateVmaUnmap',
      on: { 'op.step': 'dmirrorDevmemFaultAllocAndCopy' },
    },
    /** lib/test_hmm.c dmirror_devmem_fault_alloc_and_copy(). */
    dmirrorDevmemFaultAllocAndCopy: {
      entry: 'allocAndCopy',
      on: { 'op.step': 'migrateVmaPages' },
    },
    /** mm/migrate_device.c migrate_vma_pages(), then dmirror_successful_migrated_pages(). */
    migrateVmaPages: {
      entry: 'migrateVmaPages',
      on: { 'op.step': 'migrateVmaFinalize' },
    },
    /** mm/migrate_device.c migrate_vma_finalize(); then the next chunk or the end. */
    migrateVmaFinalize: {
      entry: 'migrateVmaFinalize',
      on: {
        'op.step': [
          { guard: 'moreChunks', target: 'vmaLookup', actions: 'nextChunk' },
          { target: 'done', actions: ['endChunks', 'succeed'] },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type MigrateToSystemMachine = typeof migrateToSystemMachine;
