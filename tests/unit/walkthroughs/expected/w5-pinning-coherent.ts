/**
 * w5-pinning-coherent: each checkpoint's right answer, as the author worked it out from the
 * kernel (mm/gup.c try_grab_folio, check_and_migrate_movable_pages; mm/migrate_device.c;
 * mm/memremap.c memunmap_pages; domain.md §2.12, B10) before reading the engine's.
 */
export default {
  // FOLL_GET: one reference on top of the mapping's.
  'get-refcount': 2,
  // Only the FOLL_PIN page is pinned; a FOLL_GET reference is invisible.
  'how-many-pinned': 1,
  // The pinned page fails folio_try_share_anon_rmap_pte; the referenced one is collected.
  'collect-skips-pin': ['pte:P:0', 'pte:P:2'],
  // migrate_vma_unmap's reference check restores the FOLL_GET page.
  'get-page-stays': 'system',
  // A short-term pin of device-coherent memory pins it in place.
  'short-pin-coherent': 'device-coherent',
  // No free system page to migrate into: migrate_longterm_unpinnable_folios fails with -EBUSY.
  'longterm-ebusy': 'EBUSY',
  // The coherent page moved to RAM and its device page (and pgmap reference) went away.
  'longterm-pgmap': 1,
  // The pinned device page cannot be evicted; the model reports memunmap_pages' wait as -EBUSY.
  'evict-pinned': 'EBUSY',
};
