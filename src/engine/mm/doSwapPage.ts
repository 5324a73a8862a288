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
  /**
   * Before the B1 fix: vmf->page is read from the entry and migrate_to_ram is called with no
   * page reference and no lock — nothing keeps the page or its pgmap alive meanwhile.
   */
  | { readonly kind: 'unreferenced'; readonly frame: number }
  /** The entry's pgmap was freed (ERA_B after memunmap_pages returned early): the kernel died. */
  | { readonly kind: 'crashed'; readonly frame: number }
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
  const dev = tx.deviceOfFrame(frame);
  if (f.pgmap === null) {
    tx.fail({
      kind: 'crash',
      invariant: 'INV-P8',
      message: `do_swap_page calls page->pgmap->ops->migrate_to_ram, but ${dev?.name ?? 'the device'}'s pgmap was freed by memunmap_pages while page ${page} of ${proc} still mapped it: the function pointer is garbage (kernel crash, CVE-2022-3523).`,
    });
    tx.emit(
      'do_swap_page',
      PHASE_SWAP,
      `The CPU touched page ${page} of ${proc}: its device-private entry still names ${frameText(tx, frame)}, whose pgmap is gone. do_swap_page jumps through the freed pgmap (CRASH).`,
    );
    return { kind: 'crashed', frame };
  }
  if (!tx.config.fixes.faultPageRef) {
    tx.emit(
      'do_swap_page',
      PHASE_SWAP,
      () =>
        `The CPU touched page ${page} of ${proc}, a device-private entry for ${frameText(tx, frame)}. ` +
        `This kernel predates "Fix race when faulting a device private page": do_swap_page drops the PTE lock and calls ${dev?.name ?? 'the device'}'s migrate_to_ram with vmf->page = that page, holding no reference and no lock on it.`,
    );
    return { kind: 'unreferenced', frame };
  }
  if (f.locked) return { kind: 'busy', frame };
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
export function doSwapPageUnlockTx(tx: Tx, frame: number, referenced = true): boolean {
  if (!referenced) {
    tx.emit(
      'do_swap_page',
      PHASE_SWAP,
      () => `migrate_to_ram returned; do_swap_page held nothing to drop.`,
    );
    return false;
  }
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
  if (lock.kind === 'crashed') return 'halted';
  if (lock.kind !== 'locked' && lock.kind !== 'unreferenced') return 'done'; // the CPU retries
  const outcome = dmirrorDevmemFaultTx(tx, proc, page, lock.frame);
  if (outcome === 'halted') return outcome;
  doSwapPageUnlockTx(tx, lock.frame, lock.kind === 'locked');
  return outcome;
}
