/**
 * hmm_range_fault() (mm/hmm.c; domain.md §2.4, §2.5; kernel-selftests.md §A.3, §D).
 *
 * One call loops: if the notifier sequence moved since read_begin, return -EBUSY; otherwise walk
 * the range from `last`. The walk reports each CPU PTE as HMM pfn flags; where the request
 * ((hmm_pfns[i] & pfn_flags_mask) | default_flags) needs more than the PTE gives, hmm_vma_fault()
 * calls handle_mm_fault() on every page from there to the end of the PMD range and returns
 * -EBUSY so the walk restarts. Device-private pages of `dev_private_owner` are reported, never
 * faulted. The model encodes an HMM pfn as `frame * 8 + flags`.
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import type { Tx } from '../tx';
import { findVma } from '../world';
import { handleMmFault } from './fault';

export const HMM_PFN_VALID = 1;
export const HMM_PFN_WRITE = 2;
export const HMM_PFN_ERROR = 4;
/** Input flags: HMM_PFN_REQ_FAULT = HMM_PFN_VALID, HMM_PFN_REQ_WRITE = HMM_PFN_WRITE. */
export const HMM_PFN_REQ_FAULT = HMM_PFN_VALID;
export const HMM_PFN_REQ_WRITE = HMM_PFN_WRITE;
const HMM_PFN_FLAGS = 8;
/** PTRS_PER_PTE: hmm_vma_walk_pmd() walks (and faults) one PMD's worth of PTEs at a time. */
const PTRS_PER_PTE = 512;

export const PHASE_WALK = 'hmm_range_fault.walk';

/** struct hmm_range. `notifier` names the mirror whose interval notifier guards the range. */
export interface HmmRange {
  readonly notifier: string;
  readonly proc: string;
  readonly start: number;
  readonly end: number;
  /** In: requested flags per page; out: frame * 8 + VALID/WRITE/ERROR. */
  readonly hmmPfns: readonly number[];
  readonly defaultFlags: number;
  readonly pfnFlagsMask: number;
  readonly devPrivateOwner: string | null;
  readonly notifierSeq: number;
}

export function hmmPfn(frame: number, flags: number): number {
  return frame * HMM_PFN_FLAGS + flags;
}
export function hmmPfnFrame(pfn: number): number {
  return Math.floor(pfn / HMM_PFN_FLAGS);
}
export function hmmPfnFlags(pfn: number): number {
  return pfn % HMM_PFN_FLAGS;
}

/** hmm_pte_need_fault(): 0, or REQ_FAULT (read) / REQ_FAULT|REQ_WRITE (write) to fault. */
function needFault(range: HmmRange, reqIn: number, cpuFlags: number): number {
  const req = (reqIn & range.pfnFlagsMask) | range.defaultFlags;
  if (!(req & HMM_PFN_REQ_FAULT)) return 0;
  if (req & HMM_PFN_REQ_WRITE && !(cpuFlags & HMM_PFN_WRITE))
    return HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE;
  if (!(cpuFlags & HMM_PFN_VALID)) return HMM_PFN_REQ_FAULT;
  return 0;
}

interface WalkOut {
  ret: number;
  last: number;
  faulted: number;
}

/**
 * hmm_vma_fault(): -EPERM for a write fault on a VMA without VM_WRITE; otherwise
 * handle_mm_fault() on [addr, end) (every page, with the same flags), -EFAULT on VM_FAULT_ERROR,
 * and -EBUSY so that the walk starts again at `addr`.
 */
function hmmVmaFault(
  tx: Tx,
  range: HmmRange,
  addr: number,
  end: number,
  required: number,
  vmaWrite: boolean,
): WalkOut {
  const write = (required & HMM_PFN_REQ_WRITE) !== 0;
  if (write && !vmaWrite) return { ret: err('EPERM'), last: addr, faulted: 0 };
  const budget = tx.config.detailBudget;
  let coalescing = false;
  let faulted = 0;
  let ret = err('EBUSY');
  for (let a = addr; a < end; a++) {
    if (a - addr === budget) {
      tx.beginCoalesce();
      coalescing = true;
    }
    const r = handleMmFault(tx, range.proc, a, write);
    faulted++;
    if (r !== 'done') {
      ret = err('EFAULT');
      break;
    }
  }
  if (coalescing) {
    tx.endCoalesce(
      'handle_mm_fault',
      PHASE_WALK,
      (n) =>
        `handle_mm_fault ran for ${rangeText(addr + budget, addr + faulted)} too (${n} more steps, same path).`,
    );
  }
  return { ret, last: addr, faulted };
}

/** One walk_page_range() pass from `from`; fills `pfns` (indexed from range.start). */
export function hmmWalk(tx: Tx, range: HmmRange, from: number, pfns: number[]): WalkOut {
  const p = tx.proc(range.proc);
  const vmas = p?.vmas ?? [];
  let page = from;
  while (page < range.end) {
    const vma = findVma(vmas, page);
    const idx = page - range.start;
    if (vma === undefined) {
      // hmm_vma_walk_hole() without a VMA: -EFAULT if a fault is wanted, else HMM_PFN_ERROR.
      if (needFault(range, range.hmmPfns[idx] ?? 0, 0))
        return { ret: err('EFAULT'), last: page, faulted: 0 };
      pfns[idx] = HMM_PFN_ERROR;
      page++;
      continue;
    }
    const vmaEnd = Math.min(vma.end, range.end);
    if (!vma.read) {
      // hmm_vma_walk_test(): a VMA without VM_READ cannot be mirrored.
      for (let q = page; q < vmaEnd; q++) {
        if (needFault(range, range.hmmPfns[q - range.start] ?? 0, 0)) {
          return { ret: err('EFAULT'), last: q, faulted: 0 };
        }
      }
      for (let q = page; q < vmaEnd; q++) pfns[q - range.start] = HMM_PFN_ERROR;
      page = vmaEnd;
      continue;
    }
    const pmdEnd = Math.min(vmaEnd, (Math.floor(page / PTRS_PER_PTE) + 1) * PTRS_PER_PTE);
    for (; page < pmdEnd; page++) {
      const i = page - range.start;
      const req = range.hmmPfns[i] ?? 0;
      const pte = tx.pte(range.proc, page);
      let cpu = 0;
      let frame = 0;
      if (pte !== null && pte.kind === 'devicePrivate') {
        const dev = tx.deviceOfFrame(pte.frame);
        if (dev?.pgmap?.owner === range.devPrivateOwner && range.devPrivateOwner !== null) {
          // "Don't fault in device private pages owned by the caller, just report the PFN."
          pfns[i] = hmmPfn(pte.frame, HMM_PFN_VALID | (pte.write ? HMM_PFN_WRITE : 0));
          continue;
        }
      } else if (pte !== null && pte.kind === 'present') {
        cpu = HMM_PFN_VALID | (pte.write ? HMM_PFN_WRITE : 0);
        frame = pte.frame;
      } else if (pte !== null && pte.kind === 'migration') {
        if (needFault(range, req, 0)) return { ret: err('EBUSY'), last: page, faulted: 0 };
      }
      const required = needFault(range, req, cpu);
      if (required) return hmmVmaFault(tx, range, page, pmdEnd, required, vma.write);
      pfns[i] = cpu === 0 ? 0 : hmmPfn(frame, cpu);
    }
  }
  return { ret: 0, last: range.end, faulted: 0 };
}

/** hmm_range_fault(): returns 0 with the pfns, or a negative errno (-EBUSY: start again). */
export function hmmRangeFaultTx(tx: Tx, range: HmmRange): { ret: number; pfns: number[] } {
  const pfns = range.hmmPfns.slice();
  let last = range.start;
  for (;;) {
    const m = tx.mirror(range.notifier);
    if (m !== undefined && m.seq !== range.notifierSeq) {
      tx.emit(
        'mmu_interval_check_retry',
        PHASE_WALK,
        tx.coalescing
          ? ''
          : `hmm_range_fault sees that ${range.notifier}'s sequence moved (${range.notifierSeq} → ${m.seq}): an invalidation ran, so it returns -EBUSY.`,
      );
      return { ret: err('EBUSY'), pfns };
    }
    const w = hmmWalk(tx, range, last, pfns);
    const r = rangeText(last, range.end);
    if (w.ret === err('EBUSY') && w.faulted > 0) {
      tx.emit(
        'hmm_vma_fault',
        PHASE_WALK,
        tx.coalescing
          ? ''
          : `hmm_range_fault walked ${r}; from page ${w.last} the CPU table could not give what was asked, so hmm_vma_fault faulted ${w.faulted === 1 ? 'it' : `${w.faulted} pages`} in and the walk restarts.`,
      );
      last = w.last;
      continue;
    }
    tx.emit(
      'hmm_range_fault',
      PHASE_WALK,
      tx.coalescing
        ? ''
        : w.ret === 0
          ? `hmm_range_fault walked ${r} of ${range.proc} and read every entry from the CPU page table (no reference taken).`
          : `hmm_range_fault stops at page ${w.last}: ${w.ret === err('EPERM') ? '-EPERM (a write fault is needed but the VMA is not writable)' : w.ret === err('EFAULT') ? '-EFAULT (no readable VMA there, or the fault failed)' : '-EBUSY'}.`,
    );
    return { ret: w.ret, pfns };
  }
}
