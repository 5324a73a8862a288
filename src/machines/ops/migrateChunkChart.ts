/**
 * The chart both migrate ioctls share (lib/test_hmm.c dmirror_migrate_to_device /
 * dmirror_migrate_to_system): the ioctl prologue, then per chunk vma_lookup → migrate_vma_setup
 * (as collect and unmap) → the op's own driver and migrate_vma states → migrate_vma_finalize,
 * then the next chunk or the end of the walk. migrateChunks.ts holds the context updates.
 *
 * The states name the setup()'s entry actions ioctl, vmaLookup, migrateVmaCollect,
 * migrateVmaUnmap, migrateVmaFinalize, nextChunk, endChunks and failWithRet, and its guards
 * {@link chunkGuards}; each machine implements the actions with its own migrate_vma arguments.
 */
import type { MigrateChunkContext } from './migrateChunks';
import { moreChunks } from './migrateChunks';

/** The guards of the chunk walk, for the setup() of a machine built on {@link migrateChunkStates}. */
export const chunkGuards = {
  badMirror: ({ context }: { context: MigrateChunkContext }) => context.outcome !== null,
  failedRet: ({ context }: { context: MigrateChunkContext }) => context.ret !== 0,
  moreChunks: ({ context }: { context: MigrateChunkContext }) => moreChunks(context),
};

/** A state of the op's own between migrate_vma_unmap and migrate_vma_finalize. */
export interface ChunkState<S extends string, A extends string> {
  /** The state's name: the kernel function it stands for. */
  readonly state: S;
  /** Its entry action. */
  readonly entry: A;
}

/**
 * The states of the chunk walk. `perChunk` runs in order after migrate_vma_unmap; after the last
 * chunk, endChunks (the merged chunks' summary micro-step) and `last.actions` run on the way to
 * `last.target` (an extra state of the op's, or `done`).
 */
export function migrateChunkStates<S extends string, A extends string, L extends string>(
  perChunk: readonly [ChunkState<S, A>, ...ChunkState<S, A>[]],
  last: { readonly target: string; readonly actions: readonly L[] },
) {
  const own = {} as Record<S, { entry: A; on: { 'op.step': string } }>;
  perChunk.forEach(({ state, entry }, i) => {
    own[state] = { entry, on: { 'op.step': perChunk[i + 1]?.state ?? 'migrateVmaFinalize' } };
  });
  const fail = {
    guard: 'failedRet',
    target: 'failed',
    actions: ['endChunks', 'failWithRet'],
  } as const;
  return {
    /** dmirror_fops_unlocked_ioctl(): the file's dmirror must be open (-EBADF). */
    ioctl: {
      entry: 'ioctl',
      on: { 'op.step': [{ guard: 'badMirror', target: 'failed' }, { target: 'vmaLookup' }] },
    },
    /** vma_lookup(): the chunk's VMA must exist and be readable (-EINVAL). */
    vmaLookup: {
      entry: 'vmaLookup',
      on: { 'op.step': [fail, { target: 'migrateVmaCollect' }] },
    },
    /** mm/migrate_device.c migrate_vma_setup(): checks, then migrate_vma_collect(). */
    migrateVmaCollect: {
      entry: 'migrateVmaCollect',
      // The failure is unreachable: vma_lookup already checked what migrate_vma_setup validates.
      on: { 'op.step': [fail, { target: 'migrateVmaUnmap' }] },
    },
    /** mm/migrate_device.c migrate_vma_setup(): migrate_vma_unmap() (if cpages > 0). */
    migrateVmaUnmap: {
      entry: 'migrateVmaUnmap',
      on: { 'op.step': perChunk[0].state },
    },
    ...own,
    /** mm/migrate_device.c migrate_vma_finalize(); then the next chunk or the end of the walk. */
    migrateVmaFinalize: {
      entry: 'migrateVmaFinalize',
      on: {
        'op.step': [
          { guard: 'moreChunks', target: 'vmaLookup', actions: 'nextChunk' },
          { target: last.target, actions: ['endChunks', ...last.actions] },
        ],
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  } as const;
}
