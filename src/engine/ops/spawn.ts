/** `spawn`: a new process with an empty mm_struct (kernel/fork.c mm_alloc). */
import { err } from '../errno';
import { pvecEmpty } from '../pvec';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { Pte } from '../types';

export function opSpawn(tx: Tx, step: { proc: string }): OpOutcome {
  const old = tx.proc(step.proc);
  if (old !== undefined && old.alive) {
    return { ret: err('EEXIST'), error: `process ${step.proc} already exists` };
  }
  const pid = tx.nextPid();
  tx.setProc({ name: step.proc, pid, alive: true, vmas: [], pt: pvecEmpty<Pte>() }, true);
  tx.emit(
    'mm_alloc',
    'spawn',
    tx.coalescing
      ? ''
      : `Process ${step.proc} (pid ${pid}) starts with an empty mm_struct: no VMA, an empty page table.`,
  );
  return { ret: 0 };
}
