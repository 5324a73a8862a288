/**
 * `cpu.read` / `cpu.write`: the process loads or stores each page in turn, as `ptr[i]` does in
 * hmm-tests.c. A missing or forbidding VMA raises SIGSEGV (the arch fault handler's bad_area);
 * otherwise a missing or insufficient PTE goes through handle_mm_fault() — including
 * do_swap_page → migrate_to_ram for device-private pages — and the access is retried.
 * Device-coherent pages are ordinary present PTEs: read and written in place (INV-C3).
 * The access that gets a signal changes nothing; the accesses before it have happened.
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import { handleMmFault } from '../mm/fault';
import { frameText } from '../mm/frameText';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { Pte } from '../types';
import { findVma } from '../world';
import { isOutcome, liveProc } from './common';

const MAX_FAULT_RETRIES = 8;
/** Rounds of the same fault, making no progress, shown before the livelock is called one. */
const LIVELOCK_ROUNDS = 3;

/**
 * B2: with do_swap_page's reference but without the fault_page plumbing, migrate_to_ram can
 * never migrate the page (its reference is unexpected), returns 0, and the CPU faults again on
 * the same entry, forever. True (and the outcome recorded) if that is what just happened again.
 */
function halfFixLivelock(tx: Tx, proc: string, page: number, before: Pte | null): boolean {
  const { faultPageRef, faultPagePlumb } = tx.config.fixes;
  if (!faultPageRef || faultPagePlumb) return false;
  const now = tx.pte(proc, page);
  if (before?.kind !== 'devicePrivate' || now?.kind !== 'devicePrivate') return false;
  if (now.frame !== before.frame) return false;
  tx.fail({
    kind: 'livelock',
    invariant: 'INV-M3',
    message: `Every round do_swap_page takes its reference, migrate_vma is not told it is the fault's (no fault_page), so migrate_vma_pages refuses the page, migrate_to_ram returns 0 and the CPU faults again on page ${page} of ${proc}: it never gets past this fault (livelock).`,
  });
  tx.emit(
    'handle_mm_fault',
    'cpu',
    `${LIVELOCK_ROUNDS} faults on page ${page} of ${proc} and the entry is still device-private: the fault can never succeed (LIVELOCK).`,
  );
  return true;
}

/**
 * A fault handle_mm_fault() could not resolve: the access ends in SIGBUS. Shared with the GMEM
 * host-fault machine, which runs the huge-page fault as its own phases and then ends the access
 * exactly as this loop does.
 */
export function cpuFaultSigbus(tx: Tx, proc: string, page: number, r: 'oom' | 'sigbus'): OpOutcome {
  // Who failed: on peer-shared (GMEM) memory the host fault (gm_host_fault_locked, whose
  // peer_unmap brings the data back), elsewhere the device page's migrate_to_ram.
  const peer = findVma(tx.proc(proc)?.vmas ?? [], page)?.peer === true;
  const why =
    r === 'oom'
      ? 'out of memory: the kernel would call the OOM killer'
      : peer
        ? 'the GMEM host fault, gm_host_fault_locked, failed'
        : 'migrate_to_ram failed';
  tx.emit(
    'handle_mm_fault',
    'cpu',
    tx.coalescing
      ? ''
      : `The fault on page ${page} of ${proc} cannot be resolved (${why}): SIGBUS.`,
  );
  return { ret: err('EFAULT'), signal: 'SIGBUS', signalPage: page };
}

export function opCpuAccess(
  tx: Tx,
  proc: string,
  start: number,
  count: number,
  values: readonly number[] | null,
): OpOutcome {
  const p = liveProc(tx, proc);
  if (isOutcome(p)) return p;
  const write = values !== null;
  const data: number[] = [];
  const budget = tx.config.detailBudget;
  let coalescing = false;
  let outcome: OpOutcome | null = null;
  for (let i = 0; i < count && outcome === null; i++) {
    const page = start + i;
    if (i === budget) {
      tx.beginCoalesce();
      coalescing = true;
    }
    const vma = findVma(tx.proc(proc)?.vmas ?? [], page);
    if (vma === undefined || !vma.read || (write && !vma.write)) {
      outcome = { ret: err('EFAULT'), signal: 'SIGSEGV', signalPage: page };
      tx.emit(
        write ? 'cpu_store' : 'cpu_load',
        'cpu',
        `${proc} ${write ? 'stores to' : 'loads from'} page ${page}: ${vma === undefined ? 'no VMA there' : 'the VMA forbids it'}, so the CPU fault ends in SIGSEGV.`,
      );
      break;
    }
    for (let attempt = 0; ; attempt++) {
      const pte = tx.pte(proc, page);
      const ok = pte !== null && pte.kind === 'present' && (!write || pte.write);
      if (ok) {
        if (write) {
          const v = values[i] as number;
          tx.edit(pte.frame).value = v;
          if (!pte.dirty) tx.setPte(proc, page, { ...pte, dirty: true });
          tx.emit(
            'cpu_store',
            'cpu',
            tx.coalescing
              ? ''
              : `${proc} stores ${v} to page ${page} (${frameText(tx, pte.frame)}).`,
          );
        } else {
          const v = tx.frame(pte.frame).value;
          data.push(v);
          tx.emit(
            'cpu_load',
            'cpu',
            tx.coalescing
              ? ''
              : `${proc} loads ${v} from page ${page} (${frameText(tx, pte.frame)}).`,
          );
        }
        break;
      }
      const r = attempt < MAX_FAULT_RETRIES ? handleMmFault(tx, proc, page, write) : 'sigbus';
      if (r === 'halted') {
        outcome = { ret: 0 };
        break;
      }
      if (r === 'done' && attempt + 1 >= LIVELOCK_ROUNDS && halfFixLivelock(tx, proc, page, pte)) {
        outcome = { ret: 0 };
        break;
      }
      if (r !== 'done') {
        outcome = cpuFaultSigbus(tx, proc, page, r);
        break;
      }
    }
  }
  if (coalescing) {
    tx.endCoalesce(
      write ? 'cpu_store' : 'cpu_load',
      'cpu',
      (n) =>
        `${proc} ${write ? 'stores to' : 'loads'} the rest of ${rangeText(start + budget, start + count)} the same way (${n} steps merged).`,
    );
  }
  if (outcome !== null) return outcome;
  return write ? { ret: 0 } : { ret: 0, data };
}
