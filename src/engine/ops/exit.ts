/**
 * `exit`: exit_mmap() unmaps everything (mirrors see MMU_NOTIFY_UNMAP and drop their entries),
 * dropping each mapping's mapcount and reference (zap_pte_range): a page whose last reference
 * goes is freed — a device page back to its driver through page_free — while a page another
 * process still maps after a fork stays with it (a shmem page keeps its page-cache reference
 * until its last mapping goes). Then exit_files() closes the process's mirror file descriptors
 * (dmirror_fops_release).
 */
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, liveProc } from './common';
import { closeMirror } from './mirrorClose';
import { unmapRange } from './munmap';
import { gmUnmapRange } from '../gmem/unmap';

export function opExit(tx: Tx, step: { proc: string }): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  for (const v of [...p.vmas]) unmapRange(tx, step.proc, v.start, v.end, 'exit');
  gmUnmapRange(tx, step.proc, 0, Infinity, true);
  const cur = tx.proc(step.proc);
  if (cur !== undefined) tx.setProc({ ...cur, alive: false, vmas: [] });
  tx.emit(
    'exit_mmap',
    'exit',
    tx.coalescing ? '' : `${step.proc} exits: exit_mmap has torn down every mapping.`,
  );
  for (const name of tx.mirrorNames()) {
    if (tx.mirror(name)?.proc === step.proc) closeMirror(tx, name);
  }
  return { ret: 0 };
}
