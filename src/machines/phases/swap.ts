/**
 * The two halves of do_swap_page() on a device-private entry (mm/memory.c; domain.md §2.8, the
 * fixed flow) around the owning driver's migrate_to_ram (lib/test_hmm.c dmirror_devmem_fault),
 * which the engine runs inline in mm/doSwapPage.ts and driver/dmirrorDevmemFault.ts.
 */
import {
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
  deviceOfFrame,
  getFrame,
  type MigrateVmaArgs,
  type PhaseResult,
  type World,
} from '../../engine/index';
import { PHASE_SWAP } from '../../engine/mm/doSwapPage';
import { frameText } from '../../engine/mm/frameText';
import { putPage } from '../../engine/mm/pageAlloc';
import { runPhase } from '../../engine/tx';

/** What do_swap_page found: the device page it locked, or why it returned at once. */
export type SwapLock =
  | { readonly kind: 'locked'; readonly frame: number }
  /** The PTE is not (or no longer) a device-private entry: nothing to do, the CPU retries. */
  | { readonly kind: 'notDevicePrivate' }
  /** trylock failed: someone else is migrating the page; drop the PTE lock and retry. */
  | { readonly kind: 'busy'; readonly frame: number };

/**
 * Under the PTE lock, with the entry unchanged: trylock the page and take a reference
 * (get_page), so the page and its pgmap stay valid while migrate_to_ram runs (the B1 fix).
 */
export function doSwapPageLock(world: World, proc: string, page: number): PhaseResult<SwapLock> {
  return runPhase(world, (tx): SwapLock => {
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
  });
}

/**
 * dmirror_devmem_fault()'s migrate_vma_setup() arguments: this one page, this device's own
 * pages (SELECT_DEVICE_PRIVATE, or _COHERENT by type), fault_page = the locked page. Null if the
 * frame is not device memory (the driver's VM_FAULT_SIGBUS before any migration).
 */
export function migrateToRamArgs(
  world: World,
  proc: string,
  page: number,
  frame: number,
): { args: MigrateVmaArgs; mirror: string | null } | null {
  const dev = deviceOfFrame(world, frame);
  if (dev === undefined) return null;
  const zdd = getFrame(world, frame).zoneDeviceData;
  return {
    // rpage->zone_device_data: the mirror that migrated the page (its device entries go).
    mirror: typeof zdd === 'string' ? zdd : null,
    args: {
      proc,
      start: page,
      end: page + 1,
      flags:
        dev.memory === 'private'
          ? MIGRATE_VMA_SELECT_DEVICE_PRIVATE
          : MIGRATE_VMA_SELECT_DEVICE_COHERENT,
      pgmapOwner: dev.name,
      faultPage: frame,
    },
  };
}

/**
 * After migrate_to_ram: unlock the page and drop do_swap_page's reference — usually the last
 * one, so page_free returns the page to the driver and the pgmap loses a reference.
 */
export function doSwapPageUnlock(world: World, frame: number): PhaseResult<boolean> {
  return runPhase(world, (tx) => {
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
  });
}
