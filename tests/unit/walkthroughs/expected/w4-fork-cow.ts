/**
 * w4-fork-cow: each checkpoint's right answer, as the author worked it out from the kernel
 * (mm/memory.c copy_page_range, copy_present_pte, copy_nonpresent_pte, do_wp_page; domain.md
 * §2.11) before reading the engine's.
 */
export default {
  // migrate_vma_finalize maps a device-coherent page with an ordinary present PTE.
  'coherent-pte-kind': 'present',
  // MMU_NOTIFY_PROTECTION_PAGE over the CoW VMA: dmirror_interval_invalidate erases M's entry.
  'mirror-after-fork': false,
  // Written private pages, present (0, coherent 2) or device-private (1); not the zero page
  // (already read-only) nor the MAP_SHARED page 4.
  'fork-readonly': ['pte:P:0', 'pte:P:1', 'pte:P:2'],
  // copy_nonpresent_pte: folio_get + dup rmap for the child's entry.
  'devpriv-refcount': 2,
  // wp_page_copy drops the child's mapping and reference of the old page: P's is left.
  'child-write-refcount': 1,
  // P is the page's only user: wp_page_reuse, no new page.
  'parent-write-reuse': 0,
  // try_to_migrate converts every mapping of the device page: P's entry ends up in RAM too.
  'devpriv-write-where': 'system',
  // The writer (P) gets a system copy; the child keeps the device-coherent page.
  'coherent-cow-click': ['pte:C:2'],
};
