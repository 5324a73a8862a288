/**
 * B11 (domain.md §4; FIX_ZERO_PFN_SELECT_SYSTEM): whether migrate_vma_collect_pmd()
 * (mm/migrate_device.c) selects a PTE that maps the shared zero page.
 *
 * The merged code (v7 of "mm: add device coherent vma selection for memory migration", seed 002
 * L3725-3745) reads `if (is_zero_pfn(pfn) && (migrate->flags & MIGRATE_VMA_SELECT_SYSTEM))`:
 * the zero page is an empty page for the driver to fill, but only when the caller migrates
 * system memory. v4/v5 only tested SELECT_SYSTEM or SELECT_DEVICE_COHERENT before it, so a
 * caller that asked for device-coherent pages only — test_hmm's dmirror_migrate_to_system on a
 * coherent device — got the zero pfn too: "this can also select the zero pfn when
 * MIGRATE_VMA_SELECT_DEVICE_COHERENT is specified. As far as I know that can never point to
 * device memory" (seed 002 L7765-7773, L7815-7816).
 *
 * What follows in test_hmm: the entry is MIGRATE without a page, so
 * dmirror_devmem_fault_alloc_and_copy() skips it (migrate_pfn_to_page() is NULL) and leaves
 * dst 0, migrate_vma_pages() clears MIGRATE for an entry without a destination, and
 * dmirror_successful_migrated_pages() does not count it: cpages said 1, nothing moved.
 */
import { v } from '../invariantsCatalog';
import type { Tx } from '../tx';
import { MIGRATE_VMA_SELECT_SYSTEM, selectNames } from './migratePfn';

/**
 * True if the zero page at `page` of `proc` is selected (MIGRATE_PFN_MIGRATE, cpages + 1). With
 * the fix off and no SELECT_SYSTEM it is selected anyway and INV-M6 fails on the collect
 * micro-step (tx.flag attaches it to the next one, migrate_vma_collect's).
 */
export function selectsZeroPfn(tx: Tx, flags: number, proc: string, page: number): boolean {
  if (flags & MIGRATE_VMA_SELECT_SYSTEM) return true;
  if (tx.config.fixes.zeroPfnSelectSystem) return false;
  tx.flag(
    v(
      'INV-M6',
      `migrate_vma_collect selects the zero page at page ${page} of ${proc} with ${selectNames(flags)}, without MIGRATE_VMA_SELECT_SYSTEM`,
    ),
  );
  return true;
}
