/**
 * do_swap_page() on a device-private entry (mm/memory.c; domain.md §2.8, the fixed flow).
 *
 * Under the PTE lock, with the entry unchanged (pte_same), the fault locks the page
 * (trylock_page) and takes a reference (get_page), so the page and its pgmap stay valid while the
 * owning driver's pgmap->ops->migrate_to_ram() runs with vmf->page = the page (B1 fix; the page
 * is passed on as migrate_vma's fault_page, B2 fix). Afterwards it unlocks and drops its
 * reference — usually the last one, so page_free runs here.
 */
import { dmirrorDevmemFaultTx } from '../driver/dmirrorDevmemFault';
import type { Tx } from '../tx';
import { frameText } from './frameText';
import type { FaultOutcome } from './fault';
import { putPage } from './pageAlloc';

export const PHASE_SWAP = 'do_swap_page';

export function doSwapPageTx(tx: Tx, proc: string, page: number, frame: number): FaultOutcome {
  const f = tx.frame(frame);
  if (f.locked) return 'done'; // trylock failed: drop the PTE lock and let the CPU retry
  const dev = tx.deviceOfFrame(frame);
  const e = tx.edit(frame);
  e.locked = true;
  e.refcount++;
  tx.emit(
    'do_swap_page',
    PHASE_SWAP,
    tx.coalescing
      ? ''
      : `The CPU touched page ${page} of ${proc}, whose PTE is a device-private entry for ${frameText(tx, frame)}. ` +
          `do_swap_page locks that page and takes a reference (refcount ${f.refcount + 1}) so it cannot be freed, ` +
          `then calls ${dev?.name ?? 'the device'}'s migrate_to_ram.`,
  );
  const outcome = dmirrorDevmemFaultTx(tx, proc, page, frame);
  tx.edit(frame).locked = false;
  const freed = putPage(tx, frame);
  tx.emit(
    'do_swap_page',
    PHASE_SWAP,
    tx.coalescing
      ? ''
      : `do_swap_page unlocks ${frameText(tx, frame)} and drops its reference` +
          (freed
            ? `: it was the last one, so page_free returns the page to the driver and the pgmap loses a reference.`
            : ` (refcount now ${tx.frame(frame).refcount}).`),
  );
  return outcome;
}
