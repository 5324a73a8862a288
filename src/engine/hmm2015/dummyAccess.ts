/**
 * HMM_DUMMY_READ / HMM_DUMMY_WRITE (seed 000 L288-360, dummy_read / dummy_write): the driver
 * walks its own page table page by page, reading each entry once (ACCESS_ONCE). An entry to fake
 * device memory is served from `rmem_pages` (ndev_pages++), one to a system page from that page
 * (nsys_pages++). A write first needs the entry's write bit, for both kinds (000 L336-339,
 * INV-D5), and marks the entry dirty. Anything else ends the pass: dummy_mirror_access_stop,
 * then the ioctl faults the rest through HMM (hmmMirrorFault2015) and walks again.
 */
import type { Tx } from '../tx';
import type { DummyCounters } from './counters';
import { addCounters } from './counters';
import { entryDpfn } from './dummyDevice';

export interface AccessPass2015 {
  readonly counters: DummyCounters;
  readonly data: readonly number[];
  /** The page the pass stopped at (dummy_mirror_access_stop), or −1 if it reached the end. */
  readonly stoppedAt: number;
}

/** One pass over [from, end); `values` (a write) holds one value per page of the whole ioctl. */
export function dummyAccessPass(
  tx: Tx,
  mirror: string,
  start: number,
  from: number,
  end: number,
  values: readonly number[] | null,
  counters: DummyCounters,
): AccessPass2015 {
  const m = tx.mirror(mirror);
  if (m === undefined) return { counters, data: [], stoppedAt: from };
  const write = values !== null;
  const data: number[] = [];
  let c = counters;
  let stoppedAt = -1;
  let dev = 0;
  let sys = 0;
  for (let page = from; page < end; page++) {
    const dpte = tx.dpt(mirror, page);
    if (dpte === null || (write && dpte.access !== 'write')) {
      stoppedAt = page;
      break;
    }
    const onDevice = entryDpfn(tx, m.device, dpte) >= 0;
    if (onDevice) dev++;
    else sys++;
    c = addCounters(c, onDevice ? { ndev_pages: 1 } : { nsys_pages: 1 });
    if (write) {
      tx.edit(dpte.frame).value = values[page - start] as number; // kmap + copy_from_user
      if (dpte.dirty !== true) tx.setDpt(mirror, page, { ...dpte, dirty: true });
    } else {
      data.push(tx.frame(dpte.frame).value); // kmap + copy_to_user
    }
  }
  const did = write ? 'copies the user buffer into' : 'copies to the user buffer from';
  const pages = stoppedAt < 0 ? end - from : stoppedAt - from;
  tx.emit(
    write ? 'dummy_write' : 'dummy_read',
    write ? 'dummy_write' : 'dummy_read',
    tx.coalescing
      ? ''
      : (pages > 0
          ? `${mirror} ${did} ${pages} page${pages === 1 ? '' : 's'} (${dev} in fake device memory: ndev_pages; ${sys} in system memory: nsys_pages)` +
            (write ? ', marking their device entries dirty.' : '.')
          : `${mirror} reads its entry for page ${from}.`) +
          (stoppedAt >= 0
            ? ` Page ${stoppedAt} has ${tx.dpt(mirror, stoppedAt) === null ? 'no valid device entry' : 'no write bit'}: dummy_mirror_access_stop ends the pass.`
            : ''),
  );
  return { counters: c, data, stoppedAt };
}
