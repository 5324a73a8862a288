/**
 * get_user_pages / pin_user_pages, the slow path (mm/gup.c __get_user_pages; domain.md §2.12).
 *
 * For each page: check_vma_flags (-EFAULT if the VMA forbids the access), then follow_page_pte;
 * while the CPU page table cannot give the page with the wanted access — nothing there, a
 * device-private entry, a device-exclusive entry, a read-only PTE for FOLL_WRITE — faultin_page
 * runs handle_mm_fault exactly like a CPU access (so a device-private page is migrated back to
 * system memory first: "Trying to GUP a DEVICE_PRIVATE page causes a page fault that migrates
 * the page back", 002:L5669) and the lookup is tried again. Then try_grab_folio takes the
 * reference: FOLL_GET adds 1 to the refcount; FOLL_PIN adds a pin, which the model counts as
 * refcount + 1 and pincount + 1 (the kernel adds GUP_PIN_COUNTING_BIAS = 1024 to an order-0
 * page's refcount instead; domain.md §1.1 and Appendix B.3 choose +1 and a separate counter).
 * The shared zero page is never pinned ("it's not going anywhere", try_grab_folio) and holds no
 * reference in the model.
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import type { Tx } from '../tx';
import { findVma } from '../world';
import { handleMmFault } from './fault';
import { frameText } from './frameText';
import { putPage } from './pageAlloc';

export const PHASE_GUP = '__get_user_pages';

/** What the caller of GUP asked for. */
export interface GupRequest {
  readonly proc: string;
  readonly start: number;
  readonly count: number;
  /** FOLL_WRITE. */
  readonly write: boolean;
  /** FOLL_PIN (else FOLL_GET). */
  readonly pin: boolean;
  /** FOLL_LONGTERM (pins only). */
  readonly longterm: boolean;
  /**
   * GUP-fast would have got every page (each PTE present, writable if FOLL_WRITE) without
   * taking mmap_lock — the path that skipped the long-term check before B9's fix.
   */
  readonly fast?: boolean;
}

/** Faults per page before GUP gives up (the kernel retries until the fault resolves). */
const MAX_FAULTS = 8;

/** try_grab_folio(): one reference (FOLL_GET) or one pin (FOLL_PIN); none on the zero page. */
export function tryGrabFolio(tx: Tx, frame: number, pin: boolean): void {
  if (frame === tx.zeroFrame) return;
  const e = tx.edit(frame);
  e.refcount++;
  if (pin) e.pincount++;
}

/**
 * put_page() of a FOLL_GET reference, or unpin_user_page() (gup_put_folio(FOLL_PIN)) of a pin.
 * Returns true if that was the last reference and the page was freed.
 */
export function gupPutFolio(tx: Tx, frame: number, pin: boolean): boolean {
  if (frame === tx.zeroFrame) return false;
  if (pin) {
    // The kernel would underflow the refcount (VM_BUG_ON_FOLIO in folio_put_testzero); callers
    // only release what a handle holds, so this is an engine bug, never a negative count.
    if (tx.frame(frame).pincount <= 0)
      throw new Error(`unpin of an unpinned page (frame ${frame})`);
    tx.edit(frame).pincount--;
  }
  return putPage(tx, frame);
}

/**
 * One page of __get_user_pages(): the VMA check, then follow_page_pte / faultin_page until the
 * page can be grabbed. Returns the frame, or a negative errno (-EFAULT: no VMA, the VMA forbids
 * the access, or the fault ended in SIGBUS; -ENOMEM: the fault ran out of memory).
 */
export function gupOnePage(
  tx: Tx,
  proc: string,
  page: number,
  write: boolean,
  pin: boolean,
): { ret: number; frame: number } {
  const vma = findVma(tx.proc(proc)?.vmas ?? [], page);
  // check_vma_flags(): FOLL_WRITE needs VM_WRITE, a read needs VM_READ.
  if (vma === undefined || (write ? !vma.write : !vma.read)) {
    return { ret: err('EFAULT'), frame: -1 };
  }
  for (let n = 0; n <= MAX_FAULTS; n++) {
    const pte = tx.pte(proc, page);
    // follow_page_pte(): only a present PTE gives a page, and FOLL_WRITE needs it writable
    // (can_follow_write_pte); the zero page is returned for a read.
    if (pte !== null && pte.kind === 'present' && (!write || pte.write)) {
      tryGrabFolio(tx, pte.frame, pin);
      return { ret: 0, frame: pte.frame };
    }
    if (n === MAX_FAULTS) break;
    // faultin_page() → handle_mm_fault(FAULT_FLAG_WRITE if FOLL_WRITE), then look again.
    const r = handleMmFault(tx, proc, page, write);
    if (r === 'oom') return { ret: err('ENOMEM'), frame: -1 };
    if (r === 'sigbus' || r === 'halted') return { ret: err('EFAULT'), frame: -1 };
  }
  return { ret: err('EFAULT'), frame: -1 };
}

/**
 * __get_user_pages() over the request's range. On success every page is grabbed once. If a
 * page fails, the pages already taken are released and the error is returned (the kernel
 * returns how many it got and leaves the release to its caller; the model's callers all
 * release at once, so the op is all-or-nothing).
 */
export function getUserPagesTx(tx: Tx, req: GupRequest): { ret: number; frames: number[] } {
  const frames: number[] = [];
  const budget = tx.config.detailBudget;
  const what = req.pin ? 'pins' : 'takes a reference on';
  let coalescing = false;
  let ret = 0;
  let failed = -1;
  for (let i = 0; i < req.count; i++) {
    const page = req.start + i;
    if (i === budget) {
      tx.beginCoalesce();
      coalescing = true;
    }
    const r = gupOnePage(tx, req.proc, page, req.write, req.pin);
    if (r.ret !== 0) {
      ret = r.ret;
      failed = page;
      break;
    }
    frames.push(r.frame);
    const f = tx.frame(r.frame);
    tx.emit('try_grab_folio', PHASE_GUP, () =>
      tx.coalescing
        ? ''
        : r.frame === tx.zeroFrame
          ? `Page ${page} of ${req.proc} is the shared zero page: GUP returns it without taking a reference or a pin.`
          : `GUP ${what} page ${page} of ${req.proc} (${frameText(tx, r.frame)}): refcount ${f.refcount}, mapcount ${f.mapcount}, pincount ${f.pincount}.`,
    );
  }
  if (coalescing) {
    tx.endCoalesce(
      'try_grab_folio',
      PHASE_GUP,
      (n) =>
        `GUP ${what} the rest of ${rangeText(req.start + budget, req.start + frames.length + (ret === 0 ? 0 : 1))} the same way (${n} steps merged).`,
    );
  }
  if (ret === 0) return { ret, frames };
  for (const frame of frames) gupPutFolio(tx, frame, req.pin);
  const why =
    ret === err('ENOMEM')
      ? 'the fault ran out of memory (-ENOMEM)'
      : 'there is no VMA allowing the access there, or the fault failed (-EFAULT)';
  tx.emit(
    req.pin ? 'unpin_user_pages' : 'put_page',
    PHASE_GUP,
    `GUP fails at page ${failed} of ${req.proc}: ${why}` +
      (frames.length > 0
        ? `; the ${frames.length} ${frames.length === 1 ? 'page' : 'pages'} already taken ${frames.length === 1 ? 'is' : 'are'} released.`
        : '.'),
  );
  return { ret, frames: [] };
}
