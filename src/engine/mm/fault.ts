/**
 * handle_mm_fault() (mm/memory.c) for anonymous memory: the ordinary CPU fault paths HMM relies
 * on (domain.md §2.5 step 4). The caller has already checked the VMA and its permissions, as the
 * arch fault handler (SIGSEGV) or hmm_vma_fault (-EPERM/-EFAULT) do.
 */
import type { Tx } from '../tx';
import { findVma } from '../world';
import { removeDeviceExclusiveEntryTx } from './deviceExclusiveRestore';
import { hmmHandleCpuFault2015 } from '../hmm2015/copyFromDevice';
import { doSwapPageTx } from './doSwapPage';
import { mmuNotifierInvalidate } from './notifier';
import { allocSysPage } from './pageAlloc';
import { doWpPage } from './wp';
import { gmHugeFault } from '../gmem/hugeFault';

export const PHASE_FAULT = 'handle_mm_fault';

/** VM_FAULT_* reduced: done (retry the access), OOM, or SIGBUS; 'halted': the kernel died. */
export type FaultOutcome = 'done' | 'oom' | 'sigbus' | 'halted';

/** A fresh zeroed anonymous (or shmem) page mapped at `page`. */
function mapNewPage(
  tx: Tx,
  proc: string,
  page: number,
  write: boolean,
  shared: boolean,
): number | null {
  const frame = allocSysPage(tx);
  if (frame === null) return null;
  const f = tx.edit(frame);
  f.value = 0; // __GFP_ZERO / clear_user_highpage
  f.refcount = shared ? 2 : 1; // a shmem page is also referenced by the page cache
  f.mapcount = 1;
  f.lru = true;
  f.mapping = shared ? 'shmem' : 'anon';
  f.rmapProcs = [proc];
  f.rmapPage = page;
  tx.setPte(proc, page, { kind: 'present', frame, write, dirty: write, zero: false });
  return frame;
}

/** handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0). */
export function handleMmFault(tx: Tx, proc: string, page: number, write: boolean): FaultOutcome {
  const p = tx.proc(proc);
  const vma = p === undefined ? undefined : findVma(p.vmas, page);
  if (vma === undefined) return 'sigbus';
  const pte = tx.pte(proc, page);
  // A peer-shared chunk (GMEM RFC): the huge-page fault, which may call gm_host_fault_locked.
  if (pte === null && vma.peer === true && tx.hasGm()) return gmHugeFault(tx, proc, page, write);
  if (pte === null) {
    if (vma.shared) {
      // shmem_fault(): a shared page is allocated even for a read; a shared writable mapping
      // gets a writable PTE (shmem needs no write notification).
      const frame = mapNewPage(tx, proc, page, vma.write, true);
      if (frame === null) return 'oom';
      tx.emit(
        'shmem_fault',
        PHASE_FAULT,
        tx.coalescing
          ? ''
          : `Page ${page} of ${proc} is shared memory: shmem_fault allocates a zeroed page in the shmem file and maps it (refcount 2: page cache + mapping).`,
      );
      return 'done';
    }
    if (!write) {
      tx.setPte(proc, page, {
        kind: 'present',
        frame: tx.zeroFrame,
        write: false,
        dirty: false,
        zero: true,
      });
      tx.emit(
        'do_anonymous_page',
        PHASE_FAULT,
        tx.coalescing
          ? ''
          : `First read of page ${page} of ${proc}: do_anonymous_page maps the shared zero page read-only; no page is allocated.`,
      );
      return 'done';
    }
    const frame = mapNewPage(tx, proc, page, true, false);
    if (frame === null) return 'oom';
    tx.emit(
      'do_anonymous_page',
      PHASE_FAULT,
      tx.coalescing
        ? ''
        : `First write to page ${page} of ${proc}: do_anonymous_page allocates a zeroed page and maps it writable (refcount 1, mapcount 1, on the LRU).`,
    );
    return 'done';
  }
  if (pte.kind === 'devicePrivate') return doSwapPageTx(tx, proc, page);
  if (pte.kind === 'hmm') return hmmHandleCpuFault2015(tx, proc, page);
  if (pte.kind === 'deviceExclusive') {
    // do_swap_page() → remove_device_exclusive_entry(); the access is then retried.
    return removeDeviceExclusiveEntryTx(tx, proc, page, pte.frame, PHASE_FAULT);
  }
  if (pte.kind !== 'present') return 'done'; // a migration entry: wait, then retry
  if (!write || pte.write) return 'done';
  if (pte.zero) {
    // wp_page_copy(): copy-on-write of the zero page, under MMU_NOTIFY_CLEAR.
    mmuNotifierInvalidate(tx, proc, page, page + 1, 'CLEAR', null, PHASE_FAULT);
    const frame = mapNewPage(tx, proc, page, true, false);
    if (frame === null) return 'oom';
    tx.emit(
      'wp_page_copy',
      PHASE_FAULT,
      tx.coalescing
        ? ''
        : `Write to the zero page at page ${page} of ${proc}: wp_page_copy gives it a private zeroed copy, mapped writable.`,
    );
    return 'done';
  }
  // do_wp_page(): reuse the page if it is exclusively ours, else copy it (copy-on-write).
  return doWpPage(tx, proc, page, pte, vma.shared, PHASE_FAULT);
}
