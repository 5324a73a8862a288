/**
 * The ioctl prologue of lib/test_hmm.c (dmirror_fops_unlocked_ioctl: the file's dmirror) and the
 * VMA walk both migrate ioctls share (dmirror_migrate_to_device / _to_system: vma_lookup per
 * chunk of up to 64 pages, clipped at the VMA's end).
 */
import {
  err,
  findVma,
  type Mirror,
  type OpOutcome,
  type PhaseResult,
  type World,
} from '../../engine/index';
import { isOutcome, openMirror } from '../../engine/ops/common';
import { MIGRATE_CHUNK } from '../../engine/ops/devMigrate';
import { runPhase } from '../../engine/tx';

/** The open mirror an ioctl names, or the outcome to return (-EBADF). Changes nothing. */
export function ioctlMirror(world: World, name: string): Mirror | OpOutcome {
  return runPhase(world, (tx) => openMirror(tx, name)).value;
}

export { isOutcome };

/** One chunk of the migrate ioctls' VMA walk: [addr, next), or -EINVAL. */
export interface ChunkLookup {
  readonly ret: number;
  readonly next: number;
}

/**
 * `vma = vma_lookup(mm, addr)`; -EINVAL if there is none or it lacks VM_READ (narrated for the
 * first chunk only: later chunks are merged into one summary micro-step). `fn` is the ioctl.
 */
export function migrateVmaLookup(
  world: World,
  proc: string,
  addr: number,
  end: number,
  chunk: number,
  fn: string,
): PhaseResult<ChunkLookup> {
  return runPhase(world, (tx) => {
    const vma = findVma(tx.proc(proc)?.vmas ?? [], addr);
    if (vma === undefined || !vma.read) {
      if (chunk === 0) {
        tx.emit(
          fn,
          fn,
          () => `Page ${addr} has no readable VMA: vma_lookup fails the check, -EINVAL.`,
        );
      }
      return { ret: err('EINVAL'), next: addr };
    }
    return { ret: 0, next: Math.min(end, addr + MIGRATE_CHUNK, vma.end) };
  });
}

/** The summary of the merged chunks (forEachMigrateChunk's endCoalesce narration). */
export function chunksNarration(ret: number): (n: number) => string {
  return (n) =>
    ret === 0
      ? `The same migration ran for the remaining chunks of up to 64 pages (${n} steps merged).`
      : `The remaining chunks ran until one failed: ${ret === err('EINVAL') ? 'a page with no readable VMA gives -EINVAL' : `error ${ret}`} (${n} steps merged).`;
}
