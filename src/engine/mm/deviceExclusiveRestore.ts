/**
 * remove_device_exclusive_entry() (mm/memory.c, reached from do_swap_page): a CPU fault (or a
 * GUP fault-in, or hmm_range_fault on behalf of a device) on a device-exclusive entry. With a
 * reference and the folio lock, it fires MMU_NOTIFY_EXCLUSIVE — the device that had exclusive
 * (atomic) access is told it lost it; test_hmm's dmirror_interval_invalidate erases its ATOMIC
 * entry — and restore_exclusive_pte() puts back an ordinary present PTE, writable if the VMA
 * allows it and the anonymous page is exclusive (can_change_pte_writable). "The original entry
 * is restored immediately after notifying the device that it no longer has exclusive access"
 * (domain.md §1.2, 002:L5604‑5607). The mapping's reference and mapcount never changed.
 */
import type { Tx } from '../tx';
import { findVma } from '../world';
import { frameText } from './frameText';
import { mmuNotifierInvalidate } from './notifier';
import { putPage } from './pageAlloc';

export const PHASE_RESTORE_EXCLUSIVE = 'remove_device_exclusive_entry';

/** Restores the device-exclusive entry at `page` of `proc` (mapping `frame`); the CPU retries. */
export function removeDeviceExclusiveEntryTx(
  tx: Tx,
  proc: string,
  page: number,
  frame: number,
  phase: string,
): 'done' {
  // folio_try_get() + folio_lock_or_retry(): a locked folio means someone else is working on
  // it; the fault returns and the access is retried.
  if (tx.frame(frame).locked) return 'done';
  const e = tx.edit(frame);
  e.refcount++;
  e.locked = true;
  mmuNotifierInvalidate(tx, proc, page, page + 1, 'EXCLUSIVE', null, phase);
  const vma = findVma(tx.proc(proc)?.vmas ?? [], page);
  const f = tx.frame(frame);
  const write = vma !== undefined && vma.write && f.mapping === 'anon' && f.mapcount === 1;
  tx.setPte(proc, page, { kind: 'present', frame, write, dirty: write, zero: false });
  tx.edit(frame).locked = false;
  putPage(tx, frame);
  tx.emit(
    'remove_device_exclusive_entry',
    phase,
    tx.coalescing
      ? ''
      : `Page ${page} of ${proc} was held exclusively by a device: remove_device_exclusive_entry revokes the device's atomic access and restore_exclusive_pte maps ${frameText(tx, frame)} again (${write ? 'writable' : 'read-only'}); its refcount and mapcount never changed.`,
  );
  return 'done';
}
