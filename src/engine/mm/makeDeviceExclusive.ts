/**
 * make_device_exclusive() (mm/rmap.c; domain.md §2.15; kernel-selftests.md HMM_DMIRROR_EXCLUSIVE):
 * give a device exclusive access to one anonymous page, for its atomics. The page is faulted in
 * writable and referenced with GUP (get_user_page_vma_remote, FOLL_GET | FOLL_WRITE — so a
 * device-private page comes back to system memory first, and an earlier device-exclusive entry
 * is restored first), a non-anonymous page is refused (-EOPNOTSUPP), the folio is locked, the
 * other secondary MMUs are told under MMU_NOTIFY_EXCLUSIVE (owner NULL in test_hmm, so every
 * mirror, the caller's too, drops its entry), and the writable PTE becomes a device-exclusive
 * entry. The mapping keeps its reference and mapcount. The page comes back locked and with the
 * GUP reference; the driver maps it and then unlocks and puts it.
 */
import { err } from '../errno';
import type { Tx } from '../tx';
import { frameText } from './frameText';
import { gupOnePage } from './gup';
import { mmuNotifierInvalidate } from './notifier';
import { putPage } from './pageAlloc';

export const PHASE_MAKE_EXCLUSIVE = 'make_device_exclusive';

export function makeDeviceExclusiveTx(
  tx: Tx,
  proc: string,
  page: number,
  owner: string | null,
): { ret: number; frame: number } {
  const g = gupOnePage(tx, proc, page, true, false);
  if (g.ret !== 0) return g;
  const frame = g.frame;
  if (tx.frame(frame).mapping !== 'anon') {
    putPage(tx, frame);
    tx.emit(
      'make_device_exclusive',
      PHASE_MAKE_EXCLUSIVE,
      `Page ${page} of ${proc} is shared memory, not an anonymous page: make_device_exclusive refuses it (-EOPNOTSUPP).`,
    );
    return { ret: err('EOPNOTSUPP'), frame: -1 };
  }
  tx.edit(frame).locked = true;
  mmuNotifierInvalidate(tx, proc, page, page + 1, 'EXCLUSIVE', owner, PHASE_MAKE_EXCLUSIVE);
  // The kernel's single SWP_DEVICE_EXCLUSIVE entry has no write bit; it is always made from a
  // writable PTE, and `write` here records that (mprotect keeps it in step with the VMA).
  tx.setPte(proc, page, { kind: 'deviceExclusive', frame, write: true });
  const f = tx.frame(frame);
  tx.emit(
    'make_device_exclusive',
    PHASE_MAKE_EXCLUSIVE,
    tx.coalescing
      ? ''
      : `make_device_exclusive: page ${page} of ${proc} (${frameText(tx, frame)}, locked, refcount ${f.refcount} with GUP's reference) now has a device-exclusive entry: any CPU access will fault.`,
  );
  return { ret: 0, frame };
}
