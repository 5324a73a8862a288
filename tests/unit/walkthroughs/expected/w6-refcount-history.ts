/**
 * w6-refcount-history (s9-release-crash-era-b, ERA_B): each checkpoint's right answer, as the
 * author worked it out from the kernel (domain.md §0.3, §2.1-2.2, §4 B3-B4).
 */
export default {
  // memmap init and page_free's set_page_count(page, 1) leave free device pages at 1.
  'free-refcount': 1,
  // memremap_pages took 1 + pfn_len (8) references up front; allocation takes none in ERA_B.
  'pgmap-after-alloc': 9,
  // No ZONE_DEVICE bias after 27674ef6c73f: one reference for A's device-private entry.
  'in-use-refcount': 1,
  // Every device page (dev0 = frames 17..24) has a non-zero refcount: free or in use.
  'unless-zero': [
    'frame:17',
    'frame:18',
    'frame:19',
    'frame:20',
    'frame:21',
    'frame:22',
    'frame:23',
    'frame:24',
  ],
  // percpu_ref_put_many drops the per-pfn references: memunmap_pages returns (no outcome).
  'memunmap-returns': 'none',
  // memunmap_pages does not touch page tables: A's device-private entry for page 0 stays.
  'dangling-entry': ['pte:A:0'],
  // do_swap_page jumps through the freed pgmap's ops (CVE-2022-3523).
  'read-after-removal': 'crash',
};
