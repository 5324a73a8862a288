/**
 * `dev.exclusive` / `dev.check-exclusive`: HMM_DMIRROR_EXCLUSIVE and HMM_DMIRROR_CHECK_EXCLUSIVE
 * (lib/test_hmm.c dmirror_exclusive, dmirror_atomic_map, dmirror_check_atomic;
 * kernel-selftests.md §A.5).
 *
 * EXCLUSIVE: page by page, make_device_exclusive() then dmirror_atomic_map() (the device page
 * table gets an ATOMIC entry), folio_unlock + folio_put; the first error stops the loop and is
 * returned. Then the range is bounce-read through the device page table (any tag): `cpages` and
 * `data`. CHECK_EXCLUSIVE: -EPERM if any entry of the range is still ATOMIC, else 0.
 */
import { err } from '../errno';
import { type Bounce, dmirrorDoReadTx } from '../driver/dmirrorBounce';
import { frameText } from '../mm/frameText';
import { makeDeviceExclusiveTx } from '../mm/makeDeviceExclusive';
import { putPage } from '../mm/pageAlloc';
import { rangeText } from '../narrate';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, openMirror } from './common';

export const PHASE_EXCLUSIVE = 'dmirror_exclusive';

/** dmirror_atomic_map(), then the folio_unlock + folio_put of dmirror_exclusive(). */
export function dmirrorAtomicMapTx(tx: Tx, mirror: string, page: number, frame: number): void {
  tx.setDpt(mirror, page, { frame, access: 'atomic' });
  tx.edit(frame).locked = false;
  putPage(tx, frame);
  tx.emit(
    'dmirror_atomic_map',
    PHASE_EXCLUSIVE,
    tx.coalescing
      ? ''
      : `${mirror} maps page ${page} (${frameText(tx, frame)}) for atomics (an ATOMIC entry), then unlocks the page and drops GUP's reference.`,
  );
}

/** The make_device_exclusive + dmirror_atomic_map loop; returns 0 or the first error. */
export function dmirrorExclusiveLoopTx(
  tx: Tx,
  mirror: string,
  proc: string,
  start: number,
  end: number,
): number {
  const budget = tx.config.detailBudget;
  let coalescing = false;
  let ret = 0;
  let page = start;
  for (; page < end; page++) {
    if (page - start === budget) {
      tx.beginCoalesce();
      coalescing = true;
    }
    const r = makeDeviceExclusiveTx(tx, proc, page, null);
    if (r.ret !== 0) {
      ret = r.ret;
      break;
    }
    dmirrorAtomicMapTx(tx, mirror, page, r.frame);
  }
  if (coalescing) {
    tx.endCoalesce('make_device_exclusive', PHASE_EXCLUSIVE, (n) =>
      ret === 0
        ? `The rest of ${rangeText(start + budget, end)} is made device-exclusive the same way (${n} steps merged).`
        : `The loop went on until page ${page} failed (error ${ret}) (${n} steps merged).`,
    );
  }
  if (ret !== 0) {
    tx.emit(
      'dmirror_exclusive',
      PHASE_EXCLUSIVE,
      tx.coalescing
        ? ''
        : `make_device_exclusive fails at page ${page} (${ret === err('EFAULT') ? '-EFAULT: no writable VMA there, or the fault failed' : ret === err('ENOMEM') ? '-ENOMEM' : '-EOPNOTSUPP'}): the ioctl returns the error.`,
    );
  }
  return ret;
}

export function opDevExclusive(
  tx: Tx,
  step: { mirror: string; page: number; count: number },
): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  const start = step.page;
  const end = start + step.count;
  const ret = dmirrorExclusiveLoopTx(tx, step.mirror, m.proc, start, end);
  if (ret !== 0) return { ret };
  const b: Bounce = { addr: start, data: new Array<number>(step.count).fill(0), cpages: 0 };
  const r = dmirrorDoReadTx(tx, step.mirror, start, end, b);
  if (r !== 0) return { ret: r };
  return { ret: 0, cpages: b.cpages, data: b.data };
}

/** dmirror_check_atomic(): -EPERM while any entry of [start, end) is still ATOMIC. */
export function dmirrorCheckAtomicTx(tx: Tx, mirror: string, start: number, end: number): number {
  let atomic = -1;
  tx.forEachDpt(mirror, start, end, (p, e) => {
    if (atomic < 0 && e.access === 'atomic') atomic = p;
  });
  tx.emit(
    'dmirror_check_atomic',
    'dev.check-exclusive',
    tx.coalescing
      ? ''
      : atomic < 0
        ? `${mirror} has no ATOMIC entry left in ${rangeText(start, end)}: exclusive access was revoked everywhere (0).`
        : `${mirror} still has an ATOMIC entry for page ${atomic}: the device still holds it exclusively (-EPERM).`,
  );
  return atomic < 0 ? 0 : err('EPERM');
}

export function opDevCheckExclusive(
  tx: Tx,
  step: { mirror: string; page: number; count: number },
): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  return { ret: dmirrorCheckAtomicTx(tx, step.mirror, step.page, step.page + step.count) };
}
