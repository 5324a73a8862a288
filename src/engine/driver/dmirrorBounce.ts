/**
 * dmirror_do_read() / dmirror_do_write() (lib/test_hmm.c): copy between the user's bounce buffer
 * and the pages named by the device page table. A missing entry (or, for a write, one not tagged
 * WRITE) stops the copy with -ENOENT; the caller then faults and tries again.
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import type { Tx } from '../tx';

export interface Bounce {
  readonly addr: number;
  readonly data: number[];
  cpages: number;
}

export function dmirrorDoReadTx(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  b: Bounce,
): number {
  let ret = 0;
  let page = start;
  for (; page < end; page++) {
    const e = tx.dpt(mirror, page);
    if (e === null) {
      ret = err('ENOENT');
      break;
    }
    b.data[page - b.addr] = tx.frame(e.frame).value;
    b.cpages++;
  }
  tx.emit(
    'dmirror_do_read',
    'dmirror_do_read',
    tx.coalescing
      ? ''
      : ret === 0
        ? `${mirror} reads ${rangeText(start, end)} through its device page table (cpages = ${b.cpages}).`
        : `${mirror} reads through its device page table up to page ${page}, which has no entry: -ENOENT, the driver must fault.`,
  );
  return ret;
}

export function dmirrorDoWriteTx(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  b: Bounce,
): number {
  let ret = 0;
  let page = start;
  for (; page < end; page++) {
    const e = tx.dpt(mirror, page);
    if (e === null || e.access !== 'write') {
      ret = err('ENOENT');
      break;
    }
    tx.edit(e.frame).value = b.data[page - b.addr] as number;
    b.cpages++;
  }
  tx.emit(
    'dmirror_do_write',
    'dmirror_do_write',
    tx.coalescing
      ? ''
      : ret === 0
        ? `${mirror} writes ${rangeText(start, end)} through its device page table (cpages = ${b.cpages}).`
        : `${mirror} writes through its device page table up to page ${page}, which has no writable entry: -ENOENT, the driver must fault for write.`,
  );
  return ret;
}
