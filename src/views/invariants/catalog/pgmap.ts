/** domain.md §3.1 — Device page / pgmap accounting (INV-P1 … INV-P13). */
import { ERA_A, ERA_B, ERA_C, fn, seed, type InvariantDocDraft } from './types';

const MEMREMAP = 'mm/memremap.c';
const TEST_HMM = 'lib/test_hmm.c';
const NOUVEAU = 'drivers/gpu/drm/nouveau/nouveau_dmem.c';

export const PGMAP_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-P1',
    family: 'pgmap',
    says: "A device-private or device-coherent page is free (on the driver's free list, or parked in a chunk that is being removed) exactly when its refcount is 0. In particular a page on the free list always has refcount 0; the driver sets the count to 1 when it allocates the page.",
    when: 'always',
    why: 'If free pages kept a non-zero refcount (ERA_B, bug B3), free and in-use pages would look the same, and get_page_unless_zero() could "grab" a free page, e.g. an eviction scan taking a page nobody owns. With free meaning refcount 0, kernel code can tell them apart safely.',
    keptBy: [
      fn('zone_device_page_init', MEMREMAP),
      fn('free_zone_device_page', MEMREMAP),
      fn('__init_zone_device_page', 'mm/mm_init.c'),
    ],
    seeds: [
      seed(
        '002',
        '1911–1915',
        'return pages to the drivers page allocator with a zero reference count.',
      ),
      seed(
        '002',
        '3277–3281',
        'ZONE_DEVICE pages are released directly to the driver page allocator',
      ),
    ],
    era: ERA_C,
  },
  {
    id: 'INV-P2',
    family: 'pgmap',
    says: 'The older rule, kept for the bug view: in ERA_B a free device page has refcount 1 (free implies refcount 1, but in-use pages may have 1 too); in ERA_A a page is free exactly when its refcount is 1 (every page carried a +1 bias).',
    when: 'always',
    why: 'This is what the older kernels did, so the simulator can replay bug B3: in ERA_B a free page and a page in use by one mapping both have refcount 1, so nothing can tell them apart. That is why ERA_C moved free pages to refcount 0 (INV-P1).',
    keptBy: [fn('free_zone_device_page', MEMREMAP)],
    seeds: [
      seed(
        '002',
        '1905–1910',
        'However before handing them back to the owning device driver we add an extra reference count such that free pages have a reference count of one.',
      ),
      seed(
        '002',
        '1644–1646',
        'pages were considered free and returned to the driver when the reference count dropped to one.',
      ),
    ],
    era: `${ERA_A}, ${ERA_B}`,
  },
  {
    id: 'INV-P3',
    family: 'pgmap',
    says: "For device-private and device-coherent memory, the dev_pagemap's reference count is exactly: 1 (the base reference, while the pgmap is live) + 1 for every page of the pgmap in use (refcount > 0) + any short-lived get_dev_pagemap() references.",
    when: 'always',
    why: 'The pgmap, and the driver callbacks it points to, must outlive every page still in use. Because each allocated page holds a pgmap reference, memunmap_pages() cannot finish while a page is still mapped. This is the fix for bug B4 (CVE-2022-3523), where ERA_B let teardown complete and later accesses crashed the kernel.',
    keptBy: [
      fn('zone_device_page_init', MEMREMAP),
      fn('free_zone_device_page', MEMREMAP),
      fn('memremap_pages', MEMREMAP),
      fn('memunmap_pages', MEMREMAP),
    ],
    seeds: [
      seed(
        '002',
        '1657–1658',
        'drivers should take a pagemap reference when allocating the page. This reference can then be returned when the page is freed.',
      ),
      seed('002', '1703–1709'),
      seed('002', '1727–1737', "Drivers shouldn't be allocating pages after calling"),
    ],
    era: ERA_C,
  },
  {
    id: 'INV-P4',
    family: 'pgmap',
    says: 'In ERA_A and ERA_B (and, in every era, for pgmap types other than device private/coherent), memremap_pages() takes one pgmap reference per pfn up front, so pgmap.ref.count == base + pfn_len until memunmap_pages() tears it down.',
    when: 'before teardown',
    why: 'These references are taken all at once at registration and dropped all at once at teardown, not per allocation. So the count says nothing about which pages are still in use, and in ERA_B memunmap_pages() could complete while pages were still mapped (bug B4). ERA_C keeps this scheme only for the other pgmap types.',
    keptBy: [fn('memremap_pages', MEMREMAP), fn('memunmap_pages', MEMREMAP)],
    seeds: [seed('002', '1691–1696'), seed('002', '1706–1709')],
    era: `${ERA_A}, ${ERA_B}`,
  },
  {
    id: 'INV-P5',
    family: 'pgmap',
    says: 'zone_device_page_init(), which a driver calls when it allocates a device page, may only run while the pgmap is live (before memunmap_pages() has killed it). On a dying pgmap it WARNs and takes no pgmap reference.',
    when: 'on alloc',
    why: 'A page allocated after teardown started would be in use without holding a pgmap reference, so memunmap_pages() could finish and the pgmap be freed under it (the use-after-free of bug B4). WARN_ON_ONCE(!percpu_ref_tryget_live(...)) catches drivers that allocate too late.',
    keptBy: [fn('zone_device_page_init', MEMREMAP)],
    seeds: [seed('002', '1733–1737', "Drivers shouldn't be allocating pages after calling")],
  },
  {
    id: 'INV-P6',
    family: 'pgmap',
    says: "The driver's page_free() callback runs exactly once per allocation, when the page's refcount drops from 1 to 0. In ERA_C it is followed by exactly one put_dev_pagemap(), which returns the pgmap reference the allocation took.",
    when: 'on free',
    why: "page_free() gives the page back to the driver's allocator: calling it twice would put one page on the free list twice (two future owners of the same memory), missing it would leak device memory. The put_dev_pagemap() balances zone_device_page_init()'s reference, so the pgmap count stays exact (INV-P3) and memunmap_pages() can finish.",
    keptBy: [fn('free_zone_device_page', MEMREMAP)],
    seeds: [
      seed(
        '002',
        '1128–1129',
        'Device private pages are freed via the pgmap->page_free() callback when they are unmapped and their refcount drops to zero.',
      ),
      seed('002', '1713–1728', 'put_dev_pagemap(page->pgmap);'),
    ],
  },
  {
    id: 'INV-P7',
    family: 'pgmap',
    says: 'memunmap_pages() returns only once pgmap.ref.count is 0. In ERA_C that means every allocated page has been freed, so a driver must not call it while any page of the pgmap is still allocated: it would wait forever (the simulator flags "HANG").',
    when: 'teardown',
    why: 'Waiting is what makes teardown safe: the pgmap and the driver callbacks cannot be freed while a page still points at them. But the wait is uninterruptible, so if a process still maps a device page, unbinding the device hangs with RCU stall warnings (bug B5). The driver must evict its pages first (migrate_device_range, INV-M11 and INV-M12).',
    keptBy: [
      fn('memunmap_pages', MEMREMAP),
      fn('dmirror_device_evict_chunk', TEST_HMM),
      fn('nouveau_dmem_evict_chunk', NOUVEAU),
    ],
    seeds: [
      seed(
        '002',
        '1748–1752',
        'memunmap_pages() will wait in an uninterruptible state until all device pages have been freed which may never happen.',
      ),
      seed('002', '509–510', 'Without them device removal can loop indefinitely in kernel mode'),
    ],
  },
  {
    id: 'INV-P8',
    family: 'pgmap',
    says: 'No CPU or device access may go through a page whose pgmap has already been freed. In the ERA_B bug view the simulator flags such an access as "UAF/CRASH".',
    when: 'always',
    why: "The pgmap holds the driver's callbacks (migrate_to_ram, page_free); once it is freed, touching one of its pages calls through a dangling pointer and crashes the kernel. ERA_B let memunmap_pages() finish while pages were still mapped, which made this reachable from user space (bug B4, CVE-2022-3523); the fault race of bug B1 is another way to get there.",
    keptBy: [fn('memunmap_pages', MEMREMAP), fn('do_swap_page', 'mm/memory.c')],
    seeds: [
      seed(
        '002',
        '1651–1655',
        'memunmap_pages() can complete even though pages are still mapped by the kernel which can lead to kernel crashes, particularly if a driver frees the pagemap.',
      ),
      seed(
        '002',
        '2951–2955',
        'This leads to a kernel crash when the pages are either freed or accessed from the CPU because the GPU and associated data structures and callbacks have all been freed.',
      ),
    ],
  },
  {
    id: 'INV-P9',
    family: 'pgmap',
    says: "A device page's zone_device_data (the driver's pointer to its own data, e.g. the mirror that owns the page) may only be read while the page's refcount is above 0. While the page is free, the field belongs to the driver's free list.",
    when: 'always',
    why: 'Without a reference, the page can be freed (and even its pgmap released by memunmap_pages()) between the moment the kernel found it and the moment the driver reads the field, so the driver follows a stale pointer. This is the race of bug B1, closed by do_swap_page() taking a page reference under the page-table lock before it calls migrate_to_ram().',
    keptBy: [fn('do_swap_page', 'mm/memory.c')],
    seeds: [
      seed(
        '002',
        '575–577',
        "drivers can't reliably read the zone_device_data field because the page",
      ),
    ],
  },
  {
    id: 'INV-P10',
    family: 'pgmap',
    says: 'Device (ZONE_DEVICE) pages are never on an LRU list.',
    when: 'always',
    why: 'In struct page the lru list head shares its memory with pgmap and zone_device_data, so putting a device page on an LRU list would overwrite those fields (bug B8). That is why migration never puts a device page back on an LRU list and why LRU-based code must skip device pages (INV-C1).',
    keptBy: [fn('migrate_device_unmap', 'mm/migrate_device.c')],
    seeds: [seed('002', '5313–5317', "pages and that it can't be on any LRU list")],
  },
  {
    id: 'INV-P11',
    family: 'pgmap',
    says: 'At rest, a DEVICE_PRIVATE page in use has exactly one reference per mapping: refcount == mapcount. Nothing else can hold a reference, because a device-private page can never be pinned.',
    when: 'at rest',
    why: 'Each mapping (a device-private entry) carries one reference and one mapcount, and zap_pte_range() drops both on munmap. An extra reference at rest would be a leak, and it would make every later migration of the page fail the expected-reference check (INV-M3), so the driver could never evict it. The one-reference-per-mapping rule itself is general kernel knowledge, consistent with the seeds.',
    keptBy: [fn('zap_pte_range', 'mm/memory.c'), fn('remove_migration_ptes', 'mm/migrate.c')],
    seeds: [
      seed('002', '3615–3618', 'Device private pages are never part of a present PTE.'),
      seed(
        '002',
        '5443–5444',
        'The refcount is decremented in zap_pte_range() on munmap() with special handling',
      ),
    ],
  },
  {
    id: 'INV-P12',
    family: 'pgmap',
    says: 'Device pages are order-0: single base pages, never compound pages or transparent huge pages.',
    when: 'always',
    why: 'The code in the seeds assumes it: the long-term pinning path WARNs on a compound device-coherent page, and coherent pages "do not support LRU lists, NUMA migration or THP". Higher-order ZONE_DEVICE folios were still being worked on at the time of the threads, so the simulator models one struct page per device page.',
    keptBy: [
      fn('zone_device_page_init', MEMREMAP),
      fn('check_and_migrate_movable_pages', 'mm/gup.c'),
    ],
    seeds: [
      seed(
        '002',
        '461–465',
        'Admittedly higher order HMM ZONE_DEVICE folios are not currently supported',
      ),
      seed('002', '3630'),
      seed('002', '4150–4153', 'They do not support LRU lists, NUMA migration or THP.'),
    ],
  },
  {
    id: 'INV-P13',
    family: 'pgmap',
    says: 'Once a driver starts removing a chunk of device memory, none of its pages is allocated again: the chunk is marked "remove" and its free pages are taken off the free list.',
    when: 'teardown',
    why: 'Teardown evicts the pages in use and then waits until every page is freed (INV-P7). If the allocator could still hand out a page of the chunk, new in-use pages would appear behind the eviction and memunmap_pages() would wait forever, or a page would be allocated on a dying pgmap (INV-P5).',
    keptBy: [
      fn('dmirror_remove_free_pages', TEST_HMM),
      fn('dmirror_device_remove_chunks', TEST_HMM),
    ],
    seeds: [
      seed(
        '002',
        '1458–1467',
        "Removes free pages from the free list so they can't be re-allocated",
      ),
      seed('002', '1479–1481', 'devmem->remove = true;'),
    ],
  },
];
