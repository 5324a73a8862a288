/**
 * do_swap_page() on a device-private entry (mm/memory.c; domain.md §2.8, the fixed flow).
 *
 * Under the PTE lock, with the entry unchanged (pte_same), the fault locks the page
 * (trylock_page) and takes a reference (get_page), so the page and its pgmap stay valid while the
 * owning driver's pgmap->ops->migrate_to_ram() runs with vmf->page = the page (B1 fix; the page
 * is passed on as migrate_vma's fault_page, B2 fix). Afterwards it unlocks and drops its
 * reference — usually the last one, so page_free runs here.
 *
 * The two halves around migrate_to_ram are separate functions: the CPU-fault machine runs them
 * as its first and last phases (src/engine/phases.ts).
 */
import { dmirrorDevmemFaultTx } from '../driver/dmirrorDevmemFault';
import type { Tx } from '../tx';
import { frameText } from './frameText';
import type { FaultOutcome } from './fault';
import { putPage } from './pageAlloc';

export const PHASE_SWAP = 'do_swap_page';

/** What do_swap_page found: the device page it locked, or why it returned at once. */
export type SwapLock =
  | { readonly kind: 'locked'; readonly frame: number }
  /** The PTE is not (or no longer) a device-private entry: nothing to do, the CPU retries. */
  | { readonly kind: 'notDevicePrivate' }
  /** trylock failed: someone else is migrating the page; drop the PTE lock and retry. */
  | { readonly kind: 'busy'; readonly frame: number };

/** Under the PTE lock, with the entry unchanged: trylock_page + get_page on the device page. */
export function doSwapPageLockTx(tx: Tx, proc: string, page: number): SwapLock {
  const pte = tx.pte(proc, page);
  if (pte === null || pte.kind !== 'devicePrivate') return { kind: 'notDevicePrivate' };
  const frame = pte.frame;
  const f = tx.frame(frame);
  if (f.locked) return { kind: 'busy', frame };
  const dev = tx.deviceOfFrame(frame);
  const e = tx.edit(frame);
  e.locked = true;
  e.refcount++;
  tx.emit(
    'do_swap_page',
    PHASE_SWAP,
    () =>
      `The CPU touched page ${page} of ${proc}, whose PTE is a device-private entry for ${frameText(tx, frame)}. ` +
      `do_swap_page locks that page and takes a reference (refcount ${f.refcount + 1}) so it cannot be freed, ` +
      `then calls ${dev?.name ?? 'the device'}'s migrate_to_ram.`,
  );
  return { kind: 'locked', frame };
}

/** After migrate_to_ram: unlock_page + put_page; true if that freed the page (page_free). */
export function doSwapPageUnlockTx(tx: Tx, frame: number): boolean {
  tx.edit(frame).locked = false;
  const freed = putPage(tx, frame);
  tx.emit(
    'do_swap_page',
    PHASE_SWAP,
    () =>
      `do_swap_page unlocks ${frameText(tx, frame)} and drops its reference` +
      (freed
        ? `: it was the last one, so page_free returns the page to the driver and the pgmap loses a reference.`
        : ` (refcount now ${tx.frame(frame).refcount}).`),
  );
  return freed;
}

/** The whole of do_swap_page() on `proc`'s page; 'done' if there is nothing to migrate. */
export function doSwapPageTx(tx: Tx, proc: string, page: number): FaultOutcome {
  const lock = doSwapPageLockTx(tx, proc, page);
  if (lock.kind !== 'locked') return 'done'; // drop the PTE lock and let the CPU retry
  const outcome = dmirrorDevmemFaultTx(tx, proc, page, lock.frame);
  doSwapPageUnlockTx(tx, lock.frame);
  return outcome;
}
