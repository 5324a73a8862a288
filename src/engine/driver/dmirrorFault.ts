/**
 * The device's page-fault path (lib/test_hmm.c dmirror_fault → dmirror_range_fault →
 * dmirror_do_fault; kernel-selftests.md §A.3): the read_begin / hmm_range_fault / lock +
 * read_retry loop of Documentation/mm/hmm.rst, window by window.
 */
import { err } from '../errno';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  type HmmRange,
  hmmPfnFlags,
  hmmPfnFrame,
  hmmRangeFaultTx,
} from '../mm/hmmRangeFault';
import { rangeText } from '../narrate';
import type { Tx } from '../tx';
import { isFreeDevicePage } from '../mm/devmem';

export const PHASE_READ_BEGIN = 'hmm_range_fault.read_begin';
export const PHASE_LOCK_RETRY = 'hmm_range_fault.lock_read_retry';
export const PHASE_DO_FAULT = 'dmirror_do_fault';
/** test_hmm's pfn array: `unsigned long pfns[64]`. */
export const DMIRROR_WINDOW = 64;

/** mmu_interval_read_begin(): the sequence number to check against later. */
export function mmuIntervalReadBeginTx(tx: Tx, mirror: string): number {
  const m = tx.mirror(mirror);
  if (m === undefined) throw new Error(`no mirror ${mirror}`);
  tx.emit(
    'mmu_interval_read_begin',
    PHASE_READ_BEGIN,
    tx.coalescing
      ? ''
      : `${mirror} calls mmu_interval_read_begin: sequence number ${m.seq}. Any CPU page-table change from now on will move it.`,
  );
  return m.seq;
}

/** mutex_lock(&dmirror->mutex) + mmu_interval_read_retry(): true if the snapshot is stale. */
export function dmirrorLockAndRetryTx(tx: Tx, mirror: string, seq: number): boolean {
  const m = tx.mirror(mirror);
  const now = m?.seq ?? seq;
  if (!tx.config.fixes.mirrorReadRetry) {
    // S2's buggy driver: it takes its lock and programs the device without asking.
    tx.setMirrorLocked(mirror, true);
    tx.emit(
      'dmirror_range_fault',
      PHASE_LOCK_RETRY,
      () =>
        `${mirror} takes its lock and does NOT call mmu_interval_read_retry` +
        (now !== seq
          ? `: the sequence moved (${seq} → ${now}), so the snapshot is stale — and it will be used anyway.`
          : ` (the sequence happens to be unchanged, ${now}).`),
    );
    return false;
  }
  const stale = now !== seq;
  // Stale: mutex_unlock and start again; valid: the lock is held until the update is done.
  tx.setMirrorLocked(mirror, !stale);
  tx.emit(
    'mmu_interval_read_retry',
    PHASE_LOCK_RETRY,
    tx.coalescing
      ? ''
      : stale
        ? `${mirror} takes its lock; mmu_interval_read_retry finds sequence ${now} ≠ ${seq}: the result may be stale, so it unlocks and starts again.`
        : `${mirror} takes its lock; mmu_interval_read_retry finds sequence ${now} unchanged: the result is still valid and may be used.`,
  );
  return stale;
}

/**
 * dmirror_do_fault(): under the lock, store each page in the device page table, tagged WRITE if
 * HMM_PFN_WRITE. A write request answered without WRITE is -EFAULT (WARN in the driver).
 */
export function dmirrorDoFaultTx(
  tx: Tx,
  mirror: string,
  range: HmmRange,
  pfns: readonly number[],
): number {
  let ret = 0;
  let stored = 0;
  for (let i = 0; i < pfns.length; i++) {
    const pfn = pfns[i] as number;
    const flags = hmmPfnFlags(pfn);
    if (!(flags & HMM_PFN_VALID)) continue; // WARN_ON: cannot happen after a successful fault
    const write = (flags & HMM_PFN_WRITE) !== 0;
    if (!write && range.defaultFlags & HMM_PFN_REQ_WRITE) {
      ret = err('EFAULT');
      break;
    }
    staleEntry(tx, mirror, range.start + i, hmmPfnFrame(pfn));
    tx.setDpt(mirror, range.start + i, {
      frame: hmmPfnFrame(pfn),
      access: write ? 'write' : 'read',
    });
    stored++;
  }
  tx.setMirrorLocked(mirror, false); // mutex_unlock(&dmirror->mutex)
  tx.emit(
    'dmirror_do_fault',
    PHASE_DO_FAULT,
    tx.coalescing
      ? ''
      : ret === 0
        ? `${mirror} stores ${rangeText(range.start, range.end)} in its device page table (read or write tags, no page reference).`
        : `${mirror} stored ${stored} entries, then found a page it asked to write that came back read-only (a device-private page of its own, never faulted): -EFAULT.`,
  );
  return ret;
}

/** dmirror_range_fault(): the retry loop for one window; -EBUSY after the retry budget. */
export function dmirrorRangeFaultTx(
  tx: Tx,
  mirror: string,
  proc: string,
  start: number,
  end: number,
  write: boolean,
): number {
  const base: Omit<HmmRange, 'notifierSeq'> = {
    notifier: mirror,
    proc,
    start,
    end,
    hmmPfns: new Array<number>(end - start).fill(0),
    defaultFlags: HMM_PFN_REQ_FAULT | (write ? HMM_PFN_REQ_WRITE : 0),
    pfnFlagsMask: 0,
    devPrivateOwner: tx.mirror(mirror)?.device ?? null,
  };
  for (let round = 0; round < tx.config.rangeFaultRetryBudget; round++) {
    const seq = mmuIntervalReadBeginTx(tx, mirror);
    const range: HmmRange = { ...base, notifierSeq: seq };
    const { ret, pfns } = hmmRangeFaultTx(tx, range);
    if (ret === err('EBUSY')) continue;
    if (ret !== 0) return ret;
    if (dmirrorLockAndRetryTx(tx, mirror, seq)) continue;
    return dmirrorDoFaultTx(tx, mirror, range, pfns);
  }
  return err('EBUSY');
}

/** The summary micro-step of the merged fault windows after the first. */
export function faultWindowsNarration(merged: number): string {
  return `The same fault loop ran for the remaining windows of 64 pages (${merged} steps merged).`;
}

/** dmirror_fault(): the range in windows of 64 pages; the first error stops it. */
export function dmirrorFaultTx(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  write: boolean,
): number {
  const m = tx.mirror(mirror);
  if (m === undefined) return 0;
  const p = tx.proc(m.proc);
  if (p === undefined || !p.alive) return 0; // mmget_not_zero() failed
  let ret = 0;
  let coalescing = false;
  let window = 0;
  for (let addr = start; addr < end; addr += DMIRROR_WINDOW, window++) {
    if (window === 1) {
      tx.beginCoalesce();
      coalescing = true;
    }
    ret = dmirrorRangeFaultTx(
      tx,
      mirror,
      m.proc,
      addr,
      Math.min(addr + DMIRROR_WINDOW, end),
      write,
    );
    if (ret !== 0) break;
  }
  if (coalescing) {
    tx.endCoalesce('dmirror_range_fault', PHASE_DO_FAULT, faultWindowsNarration);
  }
  return ret;
}

/**
 * A device entry about to be written for a page that is free by now: only a driver that skipped
 * mmu_interval_read_retry gets here (S2's bug toggle) — the device would access freed memory.
 */
function staleEntry(tx: Tx, mirror: string, page: number, frame: number): void {
  const f = tx.frame(frame);
  const free =
    f.zone === 'device'
      ? isFreeDevicePage(tx.config, f)
      : f.refcount === 0 && frame !== tx.zeroFrame;
  if (!free) return;
  tx.fail({
    kind: 'use-after-free',
    invariant: 'INV-H1',
    message: `${mirror} programs page ${page} from a stale snapshot: the page it points at was unmapped and freed after read_begin. The device now reads and writes freed memory.`,
  });
}
