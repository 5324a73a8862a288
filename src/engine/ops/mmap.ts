/**
 * `mmap` of anonymous memory at a fixed page (mm/mmap.c do_mmap with MAP_FIXED: whatever was
 * mapped there is unmapped first). Nothing is allocated: pages appear on first touch.
 */
import { rangeText } from '../narrate';
import { vmaInsert } from '../mm/vma';
import type { OpOutcome, Prot } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, liveProc } from './common';
import { unmapRange } from './munmap';
import { mmapPeerShared } from '../gmem/mmapPeer';

export function protBits(prot: Prot): { read: boolean; write: boolean } {
  return { read: prot !== 'none', write: prot === 'rw' };
}

export function opMmap(
  tx: Tx,
  step: { proc: string; page: number; count: number; prot: Prot; shared?: boolean; peer?: boolean },
): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  if (step.peer === true) return mmapPeerShared(tx, step);
  const start = step.page;
  const end = start + step.count;
  unmapRange(tx, step.proc, start, end, 'mmap');
  const cur = tx.proc(step.proc);
  if (cur === undefined) throw new Error('process vanished');
  const shared = step.shared ?? false;
  tx.setProc({ ...cur, vmas: vmaInsert(cur.vmas, { start, end, ...protBits(step.prot), shared }) });
  tx.emit(
    'do_mmap',
    'mmap',
    tx.coalescing
      ? ''
      : `${step.proc} maps ${rangeText(start, end)} as ${shared ? 'shared' : 'private'} anonymous memory (PROT_${step.prot === 'rw' ? 'READ|PROT_WRITE' : step.prot === 'r' ? 'READ' : 'NONE'}). No page is allocated yet: the page table stays empty until first touch.`,
  );
  return { ret: 0 };
}
