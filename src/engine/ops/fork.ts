/**
 * `fork`: kernel/fork.c copy_process() → dup_mm() → dup_mmap() (mm/mmap.c): the child gets a
 * new mm_struct with a copy of every VMA, then copy_page_range() copies the page table VMA by
 * VMA (mm/copyPageRange.ts; domain.md §2.11). The parent's mirrors stay with the parent: the
 * child has none until it opens its own. ret 0 (the child's pid is in the narration).
 *
 * The machine layer runs the same two phases (forkMachine: dupMmap, then copyPageRange once per
 * VMA); `opFork` composes them for applyStep.
 */
import { err } from '../errno';
import { plural, rangeText } from '../narrate';
import { copyPageRangeTx, needsCopyPresentPage } from '../mm/copyPageRange';
import { pvecEmpty } from '../pvec';
import type { OpOutcome } from '../steps';
import { type PhaseResult, type Tx, runPhase } from '../tx';
import type { Pte, World } from '../types';
import { isOutcome, liveProc } from './common';

export interface ForkStep {
  readonly proc: string;
  readonly child: string;
}

/**
 * Pinned anonymous pages that copy_present_page() will have to copy. The model checks the free
 * RAM up front, so a fork that fails changes nothing (the kernel fails half-way and tears the
 * child down, leaving the parent's already-copied VMAs write-protected).
 */
function pagesToCopy(tx: Tx, proc: string): number {
  let n = 0;
  for (const vma of tx.proc(proc)?.vmas ?? []) {
    tx.forEachPte(proc, vma.start, vma.end, (_, pte) => {
      if (needsCopyPresentPage(tx, pte, !vma.shared)) n++;
    });
  }
  return n;
}

/**
 * dup_mmap(): checks (-ESRCH: no parent; -EEXIST: the child's name is taken; -ENOMEM), then the
 * child process with a copy of the parent's VMA list and an empty page table. Returns the
 * outcome on an error, null to go on with copy_page_range.
 */
export function dupMmapTx(tx: Tx, step: ForkStep): OpOutcome | null {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  if (tx.proc(step.child)?.alive === true) {
    return { ret: err('EEXIST'), error: `process ${step.child} already exists` };
  }
  // [model decision] The GMEM RFC in the seeds has no fork path for peer-shared memory (the
  // series' dup_vm_object is not in them): the model refuses rather than invent one.
  if (p.vmas.some((v) => v.peer === true)) {
    return {
      ret: err('ENOSYS'),
      error: `${step.proc} has peer-shared (GMEM) memory: the GMEM RFC in the seeds defines no fork for it, so the model does not run one`,
    };
  }
  if (pagesToCopy(tx, step.proc) > tx.sysFree) {
    return { ret: err('ENOMEM'), error: 'not enough RAM to copy the pinned pages' };
  }
  const pid = tx.nextPid();
  tx.setProc({ name: step.child, pid, alive: true, vmas: p.vmas, pt: pvecEmpty<Pte>() }, true);
  const ranges = p.vmas.map((v) => rangeText(v.start, v.end)).join(', ');
  tx.emit(
    'dup_mmap',
    'fork',
    () =>
      `${step.proc} forks ${step.child} (pid ${pid}): dup_mmap gives ${step.child} a new mm_struct with a copy of ${step.proc}'s ${plural(p.vmas.length, 'VMA')}` +
      (p.vmas.length > 0
        ? ` (${ranges}); copy_page_range then copies the page table VMA by VMA.`
        : '.'),
  );
  return null;
}

/** copy_page_range() for the parent's VMA number `index` (after dupMmapTx). */
export function copyPageRangeVmaTx(tx: Tx, step: ForkStep, index: number): void {
  const vma = tx.proc(step.proc)?.vmas[index];
  if (vma === undefined) throw new Error(`fork: ${step.proc} has no VMA ${index}`);
  if (!copyPageRangeTx(tx, step.proc, step.child, vma)) throw new Error('fork ran out of memory');
}

export function opFork(tx: Tx, step: ForkStep): OpOutcome {
  const failed = dupMmapTx(tx, step);
  if (failed !== null) return failed;
  const n = tx.proc(step.proc)?.vmas.length ?? 0;
  for (let i = 0; i < n; i++) copyPageRangeVmaTx(tx, step, i);
  return { ret: 0 };
}

// ---- the phases, for the machine layer ------------------------------------------------------

/** dup_mmap(): the outcome on an error, else null and the number of VMAs to copy. */
export function dupMmap(
  world: World,
  step: ForkStep,
): PhaseResult<{ outcome: OpOutcome | null; vmas: number }> {
  return runPhase(world, (tx) => {
    const outcome = dupMmapTx(tx, step);
    return { outcome, vmas: outcome === null ? (tx.proc(step.proc)?.vmas.length ?? 0) : 0 };
  });
}

/** copy_page_range() of the parent's VMA number `index`. */
export function copyPageRangeVma(world: World, step: ForkStep, index: number): PhaseResult<null> {
  return runPhase(world, (tx) => {
    copyPageRangeVmaTx(tx, step, index);
    return null;
  });
}
