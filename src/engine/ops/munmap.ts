/**
 * `munmap` (mm/vma.c do_vmi_munmap → unmap_region): under MMU_NOTIFY_UNMAP the mirrors drop
 * their entries, the PTEs are zapped, and the VMAs are split or removed.
 */
import { rangeText } from '../narrate';
import { mmuNotifierInvalidate } from '../mm/notifier';
import { vmaOverlaps, vmaRemoveRange } from '../mm/vma';
import { zapPteRange } from '../mm/zap';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, liveProc } from './common';
import { gmUnmapRange } from '../gmem/unmap';

/** Unmaps [start, end) of a live process (also used by mmap's MAP_FIXED and by exit). */
export function unmapRange(tx: Tx, proc: string, start: number, end: number, phase: string): void {
  const p = tx.proc(proc);
  if (p === undefined || !vmaOverlaps(p.vmas, start, end)) return;
  const lo = Math.max(start, Math.min(...p.vmas.filter((v) => v.end > start).map((v) => v.start)));
  const hi = Math.min(end, Math.max(...p.vmas.filter((v) => v.start < end).map((v) => v.end)));
  mmuNotifierInvalidate(tx, proc, lo, hi, 'UNMAP', null, phase);
  zapPteRange(tx, proc, lo, hi);
  const cur = tx.proc(proc);
  if (cur !== undefined) tx.setProc({ ...cur, vmas: vmaRemoveRange(cur.vmas, start, end) });
  // Peer-shared memory: GMEM's logical page table and the devices holding chunks (GMEM RFC).
  gmUnmapRange(tx, proc, lo, hi, false);
}

export function opMunmap(tx: Tx, step: { proc: string; page: number; count: number }): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  const end = step.page + step.count;
  unmapRange(tx, step.proc, step.page, end, 'munmap');
  tx.emit(
    'do_vmi_munmap',
    'munmap',
    tx.coalescing
      ? ''
      : `munmap removes ${rangeText(step.page, end)} from ${step.proc}'s address space.`,
  );
  return { ret: 0 };
}
