/**
 * mmap(MAP_PRIVATE | MAP_PEER_SHARED): anonymous memory GMEM manages, chunk by chunk, through
 * the process's logical page table. The flag and the vm_object it creates come from other
 * patches of the GMEM RFC (not in the seeds): the seed only shows `mm->vm_obj` being used.
 * [model decision] the range must be HPAGE-aligned (the huge-page fault maps whole chunks), the
 * mapping is private, and the kernel must have booted with gmem=on; otherwise -EINVAL.
 */
import { err } from '../errno';
import { vmaInsert } from '../mm/vma';
import { rangeText } from '../narrate';
import { protBits } from '../ops/mmap';
import { unmapRange } from '../ops/munmap';
import type { OpOutcome, Prot } from '../steps';
import type { Tx } from '../tx';
import { createVmObj, hasVmObj } from './state';
import { HPAGE_PAGES } from './types';

export function mmapPeerShared(
  tx: Tx,
  step: { proc: string; page: number; count: number; prot: Prot; shared?: boolean },
): OpOutcome {
  if (!tx.hasGm() || !tx.gm().enabled)
    return {
      ret: err('EINVAL'),
      error: 'MAP_PEER_SHARED needs a kernel booted with gmem=on (machine.kernel.gmem: true)',
    };
  if (step.shared === true)
    return { ret: err('EINVAL'), error: 'MAP_PEER_SHARED memory is private (MAP_PRIVATE)' };
  if (step.page % HPAGE_PAGES !== 0 || step.count % HPAGE_PAGES !== 0)
    return {
      ret: err('EINVAL'),
      error: `a peer-shared mapping covers whole chunks: page and count must be multiples of ${HPAGE_PAGES} (the model's HPAGE_SIZE)`,
    };
  const start = step.page;
  const end = start + step.count;
  unmapRange(tx, step.proc, start, end, 'mmap');
  const cur = tx.proc(step.proc);
  if (cur === undefined) throw new Error('process vanished');
  tx.setProc({
    ...cur,
    vmas: vmaInsert(cur.vmas, { start, end, ...protBits(step.prot), shared: false, peer: true }),
  });
  const fresh = !hasVmObj(tx, step.proc);
  if (fresh) createVmObj(tx, step.proc);
  tx.emit(
    'do_mmap',
    'mmap',
    `${step.proc} maps ${rangeText(start, end)} with MAP_PEER_SHARED: ${step.count / HPAGE_PAGES} chunk${step.count === HPAGE_PAGES ? '' : 's'} of HPAGE_SIZE that the CPU and attached devices share.${fresh ? ` ${step.proc}'s mm gets a vm_object: its logical page table, empty for now.` : ''} Nothing is allocated until the first fault.`,
  );
  return { ret: 0 };
}
