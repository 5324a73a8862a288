/**
 * dmirror's device fault path written against the 2018 API (machine.kernel.api = "2018"): the
 * first pattern of the hmm_vma_range_done() comment in mm/hmm.c (v4.17/v4.18) — "again:
 * hmm_vma_get_pfns(range); or hmm_vma_fault(...); … device_page_table_lock(); if
 * (!hmm_vma_range_done(range)) { device_page_table_unlock(); goto again; }
 * device_commit_transaction(trans); device_page_table_unlock();" — window by window, as
 * today's dmirror_fault does. What the driver must do itself in 2018:
 * - split the window at VMA ends (range->vma is one VMA; find_vma, as nouveau_svm_fault did);
 * - check VM_WRITE before a write fault: hmm_vma_fault of v4.17 does not, and a write fault on
 *   a read-only VMA loops in it for ever ("mm/hmm: hmm_range_fault() infinite loop", Ralph
 *   Campbell, Aug 2019: "callers to handle_mm_fault() are supposed to check the vma->vm_flags");
 * - tell its own device memory from another device's: HMM reports every device-private page
 *   (no dev_private_owner before 2020), so for another device's pages it asks again with
 *   DEVICE_PRIVATE set in their input entries, and hmm_vma_fault faults them back.
 */
import { err } from '../errno';
import { DMIRROR_WINDOW, PHASE_DO_FAULT } from '../driver/dmirrorFault';
import { pagesText, rangeText } from '../narrate';
import type { Tx } from '../tx';
import { findVma } from '../world';
import { DMIRROR_2018_FLAGS, hasFlag, hmmPfnToPfn } from './encoding';
import { type HmmRange2018, PHASE_FAULT_2018, hmmVmaFaultTx } from './hmmVmaFault';
import { hmmVmaRangeDoneTx } from './hmmVmaGetPfns';

export const PHASE_RANGE_DONE_2018 = 'hmm_vma_range_done';

/** What hmm_vma_fault gave the driver; `range` is null when the driver did not call it. */
export interface Fault2018 {
  readonly ret: number;
  readonly range: HmmRange2018 | null;
  readonly pfns: readonly number[];
  /** The range's validity token: the mirror's sequence when it went on HMM's list. */
  readonly seq: number;
}

/** The merged windows after the first (as today's faultWindowsNarration). */
export function faultWindows2018Narration(merged: number): string {
  return `The same hmm_vma_fault / hmm_vma_range_done loop ran for the remaining windows (64 pages at most, one VMA each; ${merged} steps merged).`;
}

/**
 * dmirror_range_fault(), 2018: the range over [start, end) clamped to the VMA at start, each
 * input entry VALID (| WRITE) (| DEVICE_PRIVATE for `back`: another device's pages), then
 * hmm_vma_fault(range, block = true).
 */
export function dmirrorVmaFault2018Tx(
  tx: Tx,
  mirror: string,
  proc: string,
  start: number,
  end: number,
  write: boolean,
  back: readonly number[],
): Fault2018 {
  const vma = findVma(tx.proc(proc)?.vmas ?? [], start);
  const none = { range: null, pfns: [], seq: 0 };
  if (vma === undefined) {
    tx.emit(
      'dmirror_range_fault',
      PHASE_FAULT_2018,
      () =>
        `${mirror} looks up the VMA of page ${start} (find_vma): there is none, so it cannot build a range: -EFAULT.`,
    );
    return { ret: err('EFAULT'), ...none };
  }
  if (write && !vma.write) {
    tx.emit(
      'dmirror_range_fault',
      PHASE_FAULT_2018,
      () =>
        `The VMA of page ${start} is not writable: ${mirror} returns -EPERM itself. hmm_vma_fault of 2018 did not check VM_WRITE — a write fault there looped for ever until "mm/hmm: hmm_range_fault() infinite loop" (2019).`,
    );
    return { ret: err('EPERM'), ...none };
  }
  const { VALID, WRITE, DEVICE_PRIVATE } = DMIRROR_2018_FLAGS;
  const last = Math.min(end, vma.end);
  const ask = (p: number) => VALID + (write ? WRITE : 0) + (back.includes(p) ? DEVICE_PRIVATE : 0);
  const pfns = Array.from({ length: last - start }, (_, i) => ask(start + i));
  const range: HmmRange2018 = { mirror, proc, vma, start, end: last, pfns };
  tx.emit(
    'dmirror_range_fault',
    PHASE_FAULT_2018,
    () =>
      `${mirror} fills a struct hmm_range for ${rangeText(start, last)} (range->vma: one VMA; its flag table and pfn_shift 6), asks ${write ? 'VALID | WRITE' : 'VALID'} in every entry${back.length > 0 ? ` and DEVICE_PRIVATE too for ${pagesText(back)}` : ''}, and calls hmm_vma_fault(range, true).`,
  );
  const seq = tx.mirror(mirror)?.seq ?? 0;
  const r = hmmVmaFaultTx(tx, range);
  return { ret: r.ret, range, pfns: r.pfns, seq };
}

/**
 * Under the lock, after hmm_vma_range_done said true: decode each entry with the flag table
 * (hmm_pfn_to_pfn) and store it in the device page table, as dmirror_do_fault does; a write
 * answered without WRITE is -EFAULT. Another device's private page cannot be mapped: unlock
 * and return its pages (`back`), to be asked again with DEVICE_PRIVATE.
 */
export function dmirrorDoFault2018Tx(
  tx: Tx,
  mirror: string,
  range: HmmRange2018,
  pfns: readonly number[],
  write: boolean,
): { ret: number; back: number[] } {
  const own = tx.mirror(mirror)?.device;
  const back = pfns.flatMap((e, i) =>
    hasFlag(e, 'DEVICE_PRIVATE') && tx.deviceOfFrame(hmmPfnToPfn(e))?.name !== own
      ? [range.start + i]
      : [],
  );
  let ret = 0;
  let stored = 0;
  if (back.length === 0) {
    for (let i = 0; i < pfns.length; i++) {
      const e = pfns[i] as number;
      if (!hasFlag(e, 'VALID')) continue; // WARN_ON: cannot happen after a successful fault
      const w = hasFlag(e, 'WRITE');
      if (write && !w) {
        ret = err('EFAULT');
        break;
      }
      tx.setDpt(mirror, range.start + i, { frame: hmmPfnToPfn(e), access: w ? 'write' : 'read' });
      stored++;
    }
  }
  tx.setMirrorLocked(mirror, false);
  tx.emit('dmirror_do_fault', PHASE_DO_FAULT, () =>
    back.length > 0
      ? `${mirror} decodes the entries: ${pagesText(back)} ${back.length === 1 ? 'is' : 'are'} VALID | DEVICE_PRIVATE but another device's memory, which it cannot map (HMM of 2018 reports every device's private pages: no dev_private_owner yet). It unlocks and asks again with DEVICE_PRIVATE set there, so that hmm_vma_fault faults them back.`
      : ret === 0
        ? `${mirror} decodes each entry with its flag table (entry >> pfn_shift when VALID) and stores ${rangeText(range.start, range.end)} in its device page table, then unlocks.`
        : `${mirror} stored ${stored} entries, then found a page it asked to write that came back without WRITE (its own read-only device page: DEVICE_PRIVATE was not asked, so not faulted): -EFAULT.`,
  );
  return { ret, back };
}

/** One window: the driver's loop until the range is valid and stored; -EBUSY past the budget. */
export function dmirrorRangeFault2018Tx(
  tx: Tx,
  mirror: string,
  proc: string,
  start: number,
  end: number,
  write: boolean,
): { ret: number; end: number } {
  let back: readonly number[] = [];
  for (let round = 0; round < tx.config.rangeFaultRetryBudget; round++) {
    const f = dmirrorVmaFault2018Tx(tx, mirror, proc, start, end, write, back);
    if (f.range === null) return { ret: f.ret, end };
    if (f.ret === err('EBUSY')) continue;
    if (f.ret !== 0) return { ret: f.ret, end: f.range.end };
    if (!hmmVmaRangeDoneTx(tx, mirror, f.seq, PHASE_RANGE_DONE_2018)) continue;
    const d = dmirrorDoFault2018Tx(tx, mirror, f.range, f.pfns, write);
    if (d.back.length > 0) {
      back = d.back;
      continue;
    }
    return { ret: d.ret, end: f.range.end };
  }
  return { ret: err('EBUSY'), end };
}

/** dmirror_fault(), 2018: window by window (64 pages, one VMA each); the first error stops it. */
export function dmirrorFault2018Tx(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  write: boolean,
): number {
  const m = tx.mirror(mirror);
  const p = m === undefined ? undefined : tx.proc(m.proc);
  if (m === undefined || p === undefined || !p.alive) return 0; // mmget_not_zero() failed
  let ret = 0;
  let coalescing = false;
  for (let addr = start; addr < end;) {
    if (addr > start && !coalescing) {
      tx.beginCoalesce();
      coalescing = true;
    }
    const windowEnd = Math.min(addr + DMIRROR_WINDOW, end);
    const w = dmirrorRangeFault2018Tx(tx, mirror, m.proc, addr, windowEnd, write);
    ret = w.ret;
    if (ret !== 0) break;
    addr = w.end;
  }
  if (coalescing) tx.endCoalesce('dmirror_range_fault', PHASE_DO_FAULT, faultWindows2018Narration);
  return ret;
}
