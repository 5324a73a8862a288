/**
 * mmu_notifier_invalidate_range_start() as seen by the test driver's interval notifiers
 * (mm/mmu_notifier.c → lib/test_hmm.c dmirror_interval_invalidate(); kernel-selftests.md §A.2).
 *
 * Every dmirror watches the whole address space of the mm it was opened on. For each overlapping
 * invalidation it takes its lock, calls mmu_interval_set_seq() (seq + 1) and erases its device
 * page-table entries from start to end — end included, a quirk of xa_for_each_range() with
 * `end >> PAGE_SHIFT`. A MIGRATE invalidation whose owner is the mirror's own device is skipped:
 * the driver updates its page table itself during its own migration.
 */
import { hmmMirrorUpdate2015 } from '../hmm2015/invalidate';
import type { Tx } from '../tx';

export type NotifyEvent =
  | 'UNMAP'
  | 'CLEAR'
  | 'PROTECTION_VMA'
  /** MMU_NOTIFY_PROTECTION_PAGE: fork write-protects a CoW mapping (copy_page_range). */
  | 'PROTECTION_PAGE'
  | 'MIGRATE'
  | 'RELEASE'
  /** MMU_NOTIFY_EXCLUSIVE: make_device_exclusive() and remove_device_exclusive_entry(). */
  | 'EXCLUSIVE';

export interface InvalidateOutcome {
  readonly invalidated: readonly string[];
  readonly skipped: readonly string[];
}

/**
 * Runs the invalidate callbacks of every mirror of `proc` for pages [start, end) and records a
 * micro-step if there is any mirror. `owner` is the mmu_notifier_range owner (MIGRATE only).
 */
export function mmuNotifierInvalidate(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  event: NotifyEvent,
  owner: string | null,
  phase: string,
): InvalidateOutcome {
  // The 2015 design: HMM's own mirror table and the dummy driver's update callback.
  if (tx.config.api === '2015') return hmmMirrorUpdate2015(tx, proc, start, end, event, phase);
  const invalidated: string[] = [];
  const skipped: string[] = [];
  for (const name of tx.mirrorNames()) {
    const m = tx.mirror(name);
    if (m === undefined || m.proc !== proc) continue;
    if (event === 'MIGRATE' && owner !== null && owner === m.device) {
      skipped.push(name);
      continue;
    }
    tx.bumpSeq(name);
    const pages: number[] = [];
    tx.forEachDpt(name, start, end + 1, (p) => pages.push(p));
    for (const p of pages) tx.setDpt(name, p, null);
    invalidated.push(name);
  }
  if (invalidated.length + skipped.length > 0) {
    const range = end - start === 1 ? `page ${start}` : `pages ${start}–${end - 1}`;
    const parts: string[] = [];
    if (invalidated.length > 0) {
      parts.push(
        `${invalidated.join(', ')} bump${invalidated.length === 1 ? 's' : ''} its sequence number and drop${invalidated.length === 1 ? 's' : ''} device entries for ${range}`,
      );
    }
    if (skipped.length > 0) {
      parts.push(
        `${skipped.join(', ')} skip${skipped.length === 1 ? 's' : ''} it (MIGRATE by its own device ${owner})`,
      );
    }
    tx.emit(
      'dmirror_interval_invalidate',
      phase,
      tx.coalescing ? '' : `MMU notifier (${event}) for ${range} of ${proc}: ${parts.join('; ')}.`,
    );
  }
  return { invalidated, skipped };
}
