/**
 * `dev.read` / `dev.write`: HMM_DMIRROR_READ / HMM_DMIRROR_WRITE (lib/test_hmm.c dmirror_read,
 * dmirror_write; kernel-selftests.md §A.4). Copy through the device page table; on a missing
 * entry, fault the rest of the range (dmirror_fault), count one fault pass, and copy again.
 * On an error the ioctl returns without copying results out: only ret/errno are reported.
 */
import { err } from '../errno';
import { type Bounce, dmirrorDoReadTx, dmirrorDoWriteTx } from '../driver/dmirrorBounce';
import { dmirrorFaultTx } from '../driver/dmirrorFault';
import { dmirrorFault2018Tx } from '../api2018/dmirrorFault2018';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, openMirror } from './common';

export function opDevAccess(
  tx: Tx,
  mirror: string,
  addr: number,
  count: number,
  values: readonly number[] | null,
): OpOutcome {
  const m = openMirror(tx, mirror);
  if (isOutcome(m)) return m;
  const write = values !== null;
  const end = addr + count;
  const b: Bounce = {
    addr,
    data: write ? values.slice() : new Array<number>(count).fill(0),
    cpages: 0,
  };
  let faults = 0;
  let start = addr;
  let ret = 0;
  // Each pass either copies further or faults; the bound only guards against engine bugs.
  for (let pass = 0; pass <= count + 1; pass++) {
    ret = write
      ? dmirrorDoWriteTx(tx, mirror, start, end, b)
      : dmirrorDoReadTx(tx, mirror, start, end, b);
    if (ret !== err('ENOENT')) break;
    start = addr + b.cpages;
    // The 2018 API (seed 001): hmm_vma_fault + hmm_vma_range_done instead of hmm_range_fault.
    ret =
      tx.config.api === '2018'
        ? dmirrorFault2018Tx(tx, mirror, start, end, write)
        : dmirrorFaultTx(tx, mirror, start, end, write);
    if (ret !== 0) break;
    faults++;
    ret = err('EBUSY');
  }
  if (ret !== 0) return { ret };
  return write
    ? { ret, cpages: b.cpages, faults }
    : { ret, cpages: b.cpages, faults, data: b.data };
}
