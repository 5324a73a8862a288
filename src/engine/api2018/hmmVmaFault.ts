/**
 * hmm_vma_fault(range, block) of the 2018 API (seed 001 L265-291; mm/hmm.c of v4.17/v4.18:
 * hmm_vma_fault → walk_page_range → hmm_vma_walk_pmd → hmm_vma_handle_pte → hmm_pte_need_fault,
 * hmm_vma_walk_hole_ → hmm_vma_do_fault → handle_mm_fault). The range is one VMA (range->vma);
 * the input entries carry the driver's request in its own flags (VALID: fault for read, WRITE:
 * for write, DEVICE_PRIVATE: fault device memory back too, "the driver can ask for write fault
 * on a per page basis", 001:L15-17). What differs from today's hmm_range_fault:
 * - a VMA without VM_READ is -EPERM (today -EFAULT: hmm_vma_walk_test);
 * - any device-private entry, whoever owns it, is reported VALID|DEVICE_PRIVATE(|WRITE) and not
 *   faulted unless the input asks for DEVICE_PRIVATE ("If this is device memory than only fault
 *   if explicitly requested", hmm_pte_need_fault, Ralph Campbell's "mm/hmm: clarify fault logic
 *   for device private memory", Mar 2018); dev_private_owner came in 2020 (08ddddda667b);
 * - after each fault the walk restarts (-EAGAIN) without looking at range->valid: only
 *   hmm_vma_range_done tells the driver whether an invalidation hit the range meanwhile;
 * - any other special swap entry is "Report error for everything else": ERROR, -EFAULT.
 * Model decisions: hmm_invalidate_range's memset of the entries an invalidation overlapped is
 * not modelled (range_done says start again either way); faulting a device-private page back
 * runs today's do_swap_page → migrate_to_ram (v4.17: page_fault = hmm_devmem_fault →
 * devmem->ops->fault, the driver's own migration).
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import { handleMmFault } from '../mm/fault';
import type { Tx } from '../tx';
import type { Vma } from '../types';
import { type HmmPfnFlag, hasFlag, hmmPfnFlagOnly, hmmPfnFromPfn } from './encoding';
import { describeEntries } from './hmmVmaGetPfns';

export const PHASE_FAULT_2018 = 'hmm_vma_fault';
/** PTRS_PER_PTE: hmm_vma_walk_pmd() faults at most to the end of one PMD's worth of PTEs. */
const PTRS_PER_PTE = 512;

/** struct hmm_range of v4.17, with the mirror whose invalidations clear range->valid. */
export interface HmmRange2018 {
  readonly mirror: string;
  readonly proc: string;
  readonly vma: Vma;
  readonly start: number;
  readonly end: number;
  /** In: the driver's request per page; out (the result's pfns): entries in its format. */
  readonly pfns: readonly number[];
}

interface Walk {
  ret: number;
  last: number;
  faulted: number;
}

/**
 * hmm_pte_need_fault(): [fault, write_fault]. As in v4.17/v4.18: Ralph Campbell's Mar 2018 fix
 * went into v4.17 with the series (mmotm since-4.16, Apr 2018); before it, a read-only
 * device-private entry was faulted whenever WRITE was asked.
 */
function needFault(req: number, cpu: number): [boolean, boolean] {
  if (!hasFlag(req, 'VALID')) return [false, false];
  if (hasFlag(cpu, 'DEVICE_PRIVATE')) {
    // "If this is device memory than only fault if explicitly requested"
    return hasFlag(req, 'DEVICE_PRIVATE') ? [true, hasFlag(req, 'WRITE')] : [false, false];
  }
  const write = hasFlag(req, 'WRITE') && !hasFlag(cpu, 'WRITE');
  return [write || !hasFlag(cpu, 'VALID'), write];
}

/** hmm_vma_walk_hole_(): hmm_vma_do_fault (handle_mm_fault) on [addr, end); -EAGAIN after. */
function walkHole(
  tx: Tx,
  r: HmmRange2018,
  addr: number,
  end: number,
  write: boolean,
  pfns: number[],
): Walk {
  const budget = tx.config.detailBudget;
  let coalescing = false;
  let faulted = 0;
  let ret = err('EAGAIN');
  for (let a = addr; a < end; a++) {
    if (a - addr === budget) {
      tx.beginCoalesce();
      coalescing = true;
    }
    pfns[a - r.start] = hmmPfnFlagOnly('NONE');
    faulted++;
    if (handleMmFault(tx, r.proc, a, write) !== 'done') {
      // VM_FAULT_ERROR: "*pfn = range->values[HMM_PFN_ERROR]; return -EFAULT;"
      pfns[a - r.start] = hmmPfnFlagOnly('ERROR');
      ret = err('EFAULT');
      break;
    }
  }
  if (coalescing) {
    tx.endCoalesce(
      'handle_mm_fault',
      PHASE_FAULT_2018,
      (n) =>
        `handle_mm_fault ran for ${rangeText(addr + budget, addr + faulted)} too (${n} more steps, same path).`,
    );
  }
  return { ret, last: addr, faulted };
}

/** One walk_page_range() pass from `from` (hmm_vma_walk_pmd / hmm_vma_handle_pte). */
function walk(tx: Tx, r: HmmRange2018, from: number, pfns: number[]): Walk {
  for (let page = from; page < r.end;) {
    const pmdEnd = Math.min(r.end, (Math.floor(page / PTRS_PER_PTE) + 1) * PTRS_PER_PTE);
    for (; page < pmdEnd; page++) {
      const i = page - r.start;
      const req = r.pfns[i] ?? 0;
      const pte = tx.pte(r.proc, page);
      let cpu = 0;
      if (pte?.kind === 'present') {
        cpu = hmmPfnFromPfn(pte.frame, ...(pte.write ? (['WRITE'] as HmmPfnFlag[]) : []));
      } else if (pte?.kind === 'devicePrivate') {
        // is_device_private_entry(): reported as it is, any device's (no owner yet).
        cpu = hmmPfnFromPfn(pte.frame, 'DEVICE_PRIVATE', ...(pte.write ? ['WRITE' as const] : []));
      } else if (pte !== null) {
        const [fault] = needFault(req, 0);
        if (pte.kind === 'migration') {
          // migration_entry_wait() then -EAGAIN: the model has no other CPU to wait for here
          // (a race blocks the thread first), so it gives the driver -EBUSY: start again.
          if (fault) return { ret: err('EBUSY'), last: page, faulted: 0 };
          pfns[i] = hmmPfnFlagOnly('NONE');
          continue;
        }
        // "Report error for everything else" (device-exclusive entries came in 2021).
        pfns[i] = hmmPfnFlagOnly('ERROR');
        return { ret: err('EFAULT'), last: page, faulted: 0 };
      }
      const [fault, write] = needFault(req, cpu);
      if (fault) return walkHole(tx, r, page, pmdEnd, write, pfns);
      pfns[i] = cpu === 0 ? hmmPfnFlagOnly('NONE') : cpu;
    }
  }
  return { ret: 0, last: r.end, faulted: 0 };
}

/** hmm_vma_fault(range, block = true): 0, -EPERM, -EFAULT (or -EBUSY: start again). */
export function hmmVmaFaultTx(tx: Tx, r: HmmRange2018): { ret: number; pfns: number[] } {
  const pfns = r.pfns.slice();
  if (!r.vma.read) {
    // "If vma do not allow read access, then assume that it does not allow write access"
    pfns.fill(hmmPfnFlagOnly('NONE')); // hmm_pfns_clear()
    tx.emit(
      'hmm_vma_fault',
      PHASE_FAULT_2018,
      () =>
        `hmm_vma_fault finds the VMA of ${rangeText(r.start, r.end)} without VM_READ: it clears the entries and returns -EPERM (today's hmm_range_fault says -EFAULT).`,
    );
    return { ret: err('EPERM'), pfns };
  }
  let w: Walk = { ret: err('EAGAIN'), last: r.start, faulted: 0 };
  // Each restart follows a fault that moved a page on; the bound only guards against engine
  // bugs (and eras whose do_swap_page cannot migrate, where v4.17 would loop for ever).
  for (let pass = 0; w.ret === err('EAGAIN'); pass++) {
    if (pass > 2 * (r.end - r.start) + 1) {
      w = { ret: err('EBUSY'), last: w.last, faulted: 0 };
      break;
    }
    w = walk(tx, r, w.last, pfns);
    if (w.ret !== err('EAGAIN')) break;
    const { last, faulted } = w;
    tx.emit(
      'hmm_vma_do_fault',
      PHASE_FAULT_2018,
      () =>
        `From page ${last} the CPU table could not give what ${r.mirror} asked for, so hmm_vma_walk_hole_ → hmm_vma_do_fault ran handle_mm_fault on ${faulted === 1 ? 'it' : `${faulted} pages`}; -EAGAIN: walk_page_range starts again at page ${last} (range->valid is not looked at).`,
    );
  }
  if (w.ret !== 0) pfns.fill(hmmPfnFlagOnly('NONE'), w.last - r.start); // hmm_pfns_clear()
  tx.emit('hmm_vma_fault', PHASE_FAULT_2018, () =>
    w.ret === 0
      ? `hmm_vma_fault(range, block = true) walked ${rangeText(r.start, r.end)} of ${r.proc} and wrote each entry in ${r.mirror}'s format: ${describeEntries(r.start, pfns)}. It returns 0; the range stays on HMM's list until hmm_vma_range_done.`
      : `hmm_vma_fault stops at page ${w.last}: ${w.ret === err('EFAULT') ? '-EFAULT (an ERROR entry: the fault failed, or an entry HMM of 2018 did not know)' : '-EBUSY (a migration entry: wait, then start again)'}; it clears the entries from there and takes the range off the list itself.`,
  );
  return { ret: w.ret, pfns };
}
