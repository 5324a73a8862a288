/**
 * `dev.release`: HMM_DMIRROR_RELEASE (lib/test_hmm.c dmirror_device_remove_chunks; domain.md
 * §2.9.3, scenario S9 with eviction), the engine's ops/devRelease.ts phase by phase.
 *
 * Mark the chunk removed and unlink its free pages (dmirror_remove_free_pages), then evict every
 * page in use (dmirror_device_evict_chunk): migrate_device_range → a new system page per device
 * page, copied → migrate_device_pages → migrate_device_finalize; then memunmap_pages(), which
 * returns once the pgmap count is 0. Failure branches: no such device (-ENOENT); not enough RAM
 * for the __GFP_NOFAIL copies (-ENOMEM, refused up front); a page that could not be evicted keeps
 * a pgmap reference, so memunmap_pages would wait forever (HANG, -EBUSY).
 */
import { assign, setup } from 'xstate';
import {
  PHASE_EVICT,
  deviceRangeNarration,
  dmirrorEvictAllocAndCopy,
  dmirrorRemoveChunksCheck,
  dmirrorRemoveFreePages,
  err,
  memunmapPages,
  migrateDeviceFinalize,
  migrateDevicePages,
  migrateDeviceRange,
  type MigrateVma,
  type RemoveChunksVerdict,
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
import { beginMerge, endMerge, runIn } from '../phaseLog';
import { theMig } from './migrateChunks';

export type ReleaseStep = StepOf<'dev.release'>;

export interface ReleaseContext extends OpContextBase {
  readonly step: ReleaseStep;
  readonly verdict: RemoveChunksVerdict | null;
  /** The migration over the device's pfns (proc null: migrate_device_range). */
  readonly mig: MigrateVma | null;
  /** memunmap_pages() completed. */
  readonly unmapped: boolean;
}

export const releaseMachine = setup({
  types: {
    context: {} as ReleaseContext,
    events: {} as OpEvent,
    input: {} as OpInput<ReleaseStep>,
    output: {} as OpOutput,
  },
  guards: {
    refused: ({ context }) => context.verdict?.kind === 'fail',
    noChunk: ({ context }) => context.verdict?.kind === 'noChunk',
    unbind: ({ context }) => context.verdict?.kind === 'unbind',
    unmapped: ({ context }) => context.unmapped,
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    removeChunks: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dmirrorRemoveChunksCheck(w, c.step.device));
      return {
        ...log,
        verdict: value,
        ...(value.kind === 'fail' ? { outcome: value.outcome } : {}),
      };
    }),
    removeFreePages: assign(
      ({ context: c }) => runIn(c, (w) => dmirrorRemoveFreePages(w, c.step.device)).log,
    ),
    migrateDeviceRange: assign(({ context: c }) => {
      const merge = c.verdict?.kind === 'evict' && c.verdict.merge;
      const { log, value } = runIn(merge ? beginMerge(c) : c, (w) =>
        migrateDeviceRange(w, c.step.device),
      );
      const done = merge
        ? endMerge(
            log,
            'migrate_device_range',
            PHASE_EVICT,
            deviceRangeNarration(c.step.device, value),
          )
        : log;
      return { ...done, mig: value };
    }),
    allocAndCopy: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => dmirrorEvictAllocAndCopy(w, theMig(c)));
      return { ...log, mig: value };
    }),
    migrateDevicePages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => migrateDevicePages(w, theMig(c)));
      return { ...log, mig: value };
    }),
    migrateDeviceFinalize: assign(
      ({ context: c }) => runIn(c, (w) => migrateDeviceFinalize(w, theMig(c))).log,
    ),
    memunmapPages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => memunmapPages(w, c.step.device));
      return { ...log, unmapped: value };
    }),
    succeed: assign({ outcome: { ret: 0 } }),
    // A hang without eviction is the bug's outcome (the world is halted): the ioctl never returns.
    hang: assign(({ context }) => ({
      outcome: { ret: context.world.halted !== null ? 0 : err('EBUSY') },
    })),
  },
}).createMachine({
  id: 'release',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    verdict: null,
    mig: null,
    unmapped: false,
  }),
  initial: 'dmirrorDeviceRemoveChunks',
  states: {
    /** lib/test_hmm.c dmirror_device_remove_chunks(): which device, which chunk, enough RAM? */
    dmirrorDeviceRemoveChunks: {
      entry: 'removeChunks',
      on: {
        'op.step': [
          { guard: 'refused', target: 'failed' },
          { guard: 'noChunk', target: 'done', actions: 'succeed' },
          { guard: 'unbind', target: 'memunmapPages' },
          { target: 'dmirrorRemoveFreePages' },
        ],
      },
    },
    /** lib/test_hmm.c dmirror_remove_free_pages(): chunk->remove, free pages unlinked. */
    dmirrorRemoveFreePages: {
      entry: 'removeFreePages',
      on: { 'op.step': 'migrateDeviceRange' },
    },
    /** mm/migrate_device.c migrate_device_range() + migrate_device_unmap(). */
    migrateDeviceRange: {
      entry: 'migrateDeviceRange',
      on: { 'op.step': 'dmirrorDevmemFaultAllocAndCopy' },
    },
    /** lib/test_hmm.c dmirror_device_evict_chunk(): __GFP_NOFAIL system pages, copied. */
    dmirrorDevmemFaultAllocAndCopy: {
      entry: 'allocAndCopy',
      on: { 'op.step': 'migrateDevicePages' },
    },
    /** mm/migrate_device.c migrate_device_pages(). */
    migrateDevicePages: {
      entry: 'migrateDevicePages',
      on: { 'op.step': 'migrateDeviceFinalize' },
    },
    /** mm/migrate_device.c migrate_device_finalize(). */
    migrateDeviceFinalize: {
      entry: 'migrateDeviceFinalize',
      on: { 'op.step': 'memunmapPages' },
    },
    /** mm/memremap.c memunmap_pages(): percpu_ref_kill, then wait for the count to reach 0. */
    memunmapPages: {
      entry: 'memunmapPages',
      on: {
        'op.step': [
          { guard: 'unmapped', target: 'done', actions: 'succeed' },
          { target: 'failed', actions: 'hang' },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type ReleaseMachine = typeof releaseMachine;
