/**
 * hmm_mirror_fault(mirror, event) for a device read or write fault (2015 core; the call and the
 * retry around it are outside the seed's diff, so this follows domain.md §2.17 D2 [analysis]):
 * for each page of [start, end) whose device entry does not allow the access, HMM faults the CPU
 * page in (handle_mm_fault), records it in its own mirror table and calls the driver's `update`
 * callback, which copies the entry into the device table. The ioctl counts these pages in
 * `nfaulted_sys_pages`. Like today's hmm_range_fault it takes no page reference: the mirror
 * relies on invalidations.
 */
import { err } from '../errno';
import { handleMmFault } from '../mm/fault';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { findVma } from '../world';
import { entryDpfn, entryText } from './dummyDevice';

export interface MirrorFault2015 {
  readonly ret: number;
  /** Pages whose entries HMM (re)filled: the ioctl's nfaulted_sys_pages. */
  readonly faulted: number;
}

function allows(e: DptEntry | null, write: boolean): boolean {
  return e !== null && (!write || e.access === 'write');
}

/** One page; returns an errno (0 = mirrored) and whether anything was filled. */
function faultOne(tx: Tx, mirror: string, proc: string, page: number, write: boolean) {
  const m = tx.mirror(mirror);
  if (m === undefined) return { ret: err('EFAULT'), filled: false };
  if (allows(tx.dpt(mirror, page), write)) return { ret: 0, filled: false };
  const vma = findVma(tx.proc(proc)?.vmas ?? [], page);
  if (vma === undefined || !vma.read || (write && !vma.write)) {
    return { ret: err('EFAULT'), filled: false };
  }
  const cur = tx.pte(proc, page);
  if (cur?.kind === 'hmm') {
    // The page lives in fake device memory and only lost its write bit (a write-protection that
    // the VMA no longer asks for): HMM gives the bit back to both tables [analysis].
    const mpte = tx.hmmPte(mirror, page);
    const dpte = tx.dpt(mirror, page);
    if (mpte === null || dpte === null || entryDpfn(tx, m.device, dpte) < 0) {
      return { ret: err('EFAULT'), filled: false };
    }
    tx.setHmmPte(mirror, page, { ...mpte, access: 'write' });
    tx.setDpt(mirror, page, { ...dpte, access: 'write' });
    return { ret: 0, filled: true };
  }
  for (let round = 0; round < 4; round++) {
    const pte = tx.pte(proc, page);
    if (pte?.kind === 'present' && (!write || pte.write)) {
      const e: DptEntry = { frame: pte.frame, access: pte.write ? 'write' : 'read', dirty: false };
      tx.setHmmPte(mirror, page, e);
      tx.setDpt(mirror, page, e);
      return { ret: 0, filled: true };
    }
    const r = handleMmFault(tx, proc, page, write);
    if (r !== 'done') return { ret: err('EFAULT'), filled: false };
  }
  return { ret: err('EFAULT'), filled: false };
}

export function hmmMirrorFault2015(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  write: boolean,
): MirrorFault2015 {
  const m = tx.mirror(mirror);
  if (m === undefined) return { ret: err('EFAULT'), faulted: 0 };
  let faulted = 0;
  let ret = 0;
  let failedAt = -1;
  const filled: number[] = [];
  for (let page = start; page < end && ret === 0; page++) {
    const r = faultOne(tx, mirror, m.proc, page, write);
    ret = r.ret;
    if (ret < 0) failedAt = page;
    if (r.filled) {
      faulted++;
      filled.push(page);
    }
  }
  const kind = write ? 'HMM_DEVICE_WFAULT' : 'HMM_DEVICE_RFAULT';
  const first = filled[0];
  const shown = first === undefined ? null : tx.dpt(mirror, first);
  tx.emit(
    'hmm_mirror_fault',
    'hmm_mirror_fault',
    tx.coalescing
      ? ''
      : `hmm_mirror_fault(${kind}) over pages ${start}–${end - 1} of ${m.proc}: ` +
          (faulted > 0
            ? `HMM faults ${faulted} page${faulted === 1 ? '' : 's'} in on the CPU side, fills its own mirror table, and ${mirror}'s update callback copies each entry into the device table` +
              (shown !== null && first !== undefined
                ? ` (page ${first} → ${entryText(tx, m.device, shown)})`
                : '') +
              '.'
            : 'nothing to fill.') +
          (ret < 0
            ? ` It stops with -EFAULT at page ${failedAt}: no VMA there, or it forbids the access.`
            : ''),
  );
  return { ret, faulted };
}
