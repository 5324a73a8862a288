/** handle_mm_fault()'s way into GMEM: a CPU fault on an unmapped peer-shared chunk. */
import type { Tx } from '../tx';
import { gmHostFaultOp } from './hostFault';
import { runPhasedIn } from './phased';

export function gmHugeFault(
  tx: Tx,
  proc: string,
  page: number,
  write: boolean,
): 'done' | 'oom' | 'sigbus' | 'halted' {
  const c = runPhasedIn(tx, gmHostFaultOp, { proc, page, write });
  return tx.haltedBy !== null ? 'halted' : c.result;
}
