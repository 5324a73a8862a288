/**
 * The chunk walk both migrate ioctls share (lib/test_hmm.c dmirror_migrate_to_device /
 * dmirror_migrate_to_system; the engine's forEachMigrateChunk): chunks of up to 64 pages
 * clipped at VMA ends, each starting with vma_lookup and migrate_vma_setup, which the machines
 * show as its two halves, migrate_vma_collect and migrate_vma_unmap. Chunks after the first are
 * merged into one micro-step.
 */
import {
  checkMigrateSetup,
  chunksNarration,
  ioctlMirror,
  isOutcome,
  migrateVmaLookup,
  migrateVmaCollectPhase,
  migrateVmaUnmapPhase,
  type MigrateVma,
  type MigrateVmaArgs,
} from '../../engine/index';
import { type OpContextBase, type OpInput, type StepOf, baseContext } from '../opTypes';
import { type PhaseLog, beginMerge, endMerge, runIn } from '../phaseLog';

export type MigrateStep = StepOf<'dev.migrate'> | StepOf<'dev.migrate-back'>;

export interface MigrateChunkContext extends OpContextBase {
  readonly step: MigrateStep;
  /** The mirror's process and device (set by the ioctl prologue). */
  readonly proc: string;
  readonly device: string;
  /** The current chunk [addr, next) and its index. */
  readonly chunk: number;
  readonly addr: number;
  readonly next: number;
  /** The last vma_lookup / migrate_vma_setup return (0 or -EINVAL). */
  readonly ret: number;
  /** struct migrate_vma of the current chunk. */
  readonly mig: MigrateVma | null;
}

type Patch = Partial<MigrateChunkContext>;

export function chunkContext(input: OpInput<MigrateStep>): MigrateChunkContext {
  return {
    ...baseContext(input),
    step: input.step,
    proc: '',
    device: '',
    chunk: 0,
    addr: input.step.page,
    next: input.step.page,
    ret: 0,
    mig: null,
  };
}

export const rangeEnd = (c: MigrateChunkContext) => c.step.page + c.step.count;

/** The ioctl prologue: the mirror must be open (-EBADF). */
export function ioctl(c: MigrateChunkContext): Patch {
  const m = ioctlMirror(c.world, c.step.mirror);
  return isOutcome(m) ? { outcome: m } : { proc: m.proc, device: m.device };
}

/** vma_lookup() for the current chunk; `fn` names the ioctl. */
export function vmaLookup(c: MigrateChunkContext, fn: string): Patch {
  const { log, value } = runIn(c, (w) =>
    migrateVmaLookup(w, c.proc, c.addr, rangeEnd(c), c.chunk, fn),
  );
  return { ...log, ret: value.ret, next: value.next };
}

/** migrate_vma_setup()'s validation and migrate_vma_collect() for the current chunk. */
export function collect(c: MigrateChunkContext, args: MigrateVmaArgs): Patch {
  const { log, value } = runIn(c, (w) => migrateVmaCollectPhase(w, args));
  return { ...log, ret: value.ret, mig: value.mig };
}

export function theMig(c: { mig: MigrateVma | null }): MigrateVma {
  if (c.mig === null) throw new Error('no struct migrate_vma: migrate_vma_setup did not run');
  return c.mig;
}

/**
 * migrate_vma_setup()'s migrate_vma_unmap() (skipped when nothing was collected) and its
 * INV-M1/INV-M2 check, attached to the setup's last micro-step as the engine attaches it.
 */
export function unmap(
  c: PhaseLog & { readonly mig: MigrateVma | null },
): Partial<PhaseLog> & { mig?: MigrateVma } {
  const mig = theMig(c);
  if (mig.cpages > 0) {
    const { log, value } = runIn(c, (w) => migrateVmaUnmapPhase(w, mig));
    return { ...log, mig: value };
  }
  if (c.merging !== null || c.world.config.invariantChecks === 'off') return {};
  if (c.microsteps.length === 0) return {};
  const at = c.microsteps.length - 1;
  const found = checkMigrateSetup(c.world, mig).map((v) => ({ microstep: at, v }));
  return found.length > 0 ? { violations: [...c.violations, ...found] } : {};
}

/** On to the next chunk; merging starts with the second. */
export function nextChunk(c: MigrateChunkContext): Patch {
  return {
    ...(c.chunk === 0 ? beginMerge(c) : {}),
    chunk: c.chunk + 1,
    addr: c.next,
    mig: null,
  };
}

export const moreChunks = (c: MigrateChunkContext) => c.next < rangeEnd(c);

/** The end of the walk: the merged chunks' summary micro-step (`ret` 0 or the error). */
export function endChunks(c: MigrateChunkContext, fn: string, ret: number): Patch {
  return endMerge(c, fn, fn, chunksNarration(ret));
}
