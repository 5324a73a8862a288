/** domain.md §3.3 — migrate_vma / migrate_device bookkeeping (INV-M1 … INV-M12). */
import { fn, seed, type InvariantDocDraft } from './types';

const MIGRATE_DEVICE = 'mm/migrate_device.c';

export const MIGRATE_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-M1',
    family: 'migrate',
    says: 'After migrate_vma_setup(): npages == (end − start) / PAGE_SIZE (every page of the range was walked), 0 ≤ cpages ≤ npages, and cpages equals the number of src entries still marked MIGRATE.',
    when: 'after setup',
    why: 'The driver plans its work from these numbers: it allocates and copies a destination only for entries marked MIGRATE, and a fault handler returns early when cpages is 0. If cpages disagreed with the src array, the driver would skip pages it should move, or move pages that were already restored.',
    keptBy: [
      fn('migrate_vma_setup', MIGRATE_DEVICE),
      fn('migrate_vma_collect', MIGRATE_DEVICE),
      fn('migrate_vma_collect_hole', MIGRATE_DEVICE),
      fn('migrate_device_unmap', MIGRATE_DEVICE),
    ],
    seeds: [
      seed('002', '6345–6381', 'migrate->src[migrate->npages] = MIGRATE_PFN_MIGRATE;'),
      seed('002', '1315–1335', 'migrate->cpages--;'),
    ],
  },
  {
    id: 'INV-M2',
    family: 'migrate',
    says: "After setup, every src[i] that is marked MIGRATE and names a page has that page locked, unmapped (mapcount 0), and holding only the migration's own reference: refcount == 1, or 2 for the page being faulted on (fault_page).",
    when: 'after setup',
    why: 'This is the state in which the data can be copied safely: the lock keeps other migrations away, mapcount 0 means no process can write during the copy, and the exact refcount proves nobody else (a pin, a racing user) holds the page; pinned pages are restored instead. The fault page has one more reference because do_swap_page() holds it to keep the page alive (bugs B1 and B2).',
    keptBy: [
      fn('migrate_vma_setup', MIGRATE_DEVICE),
      fn('migrate_device_unmap', MIGRATE_DEVICE),
      fn('migrate_vma_check_page', MIGRATE_DEVICE),
    ],
    seeds: [
      seed('002', '1284–1287', 'special migration pte entry and check if it has been pinned.'),
      seed(
        '002',
        '579–584',
        'Close the race by getting a reference on the page while holding the ptl',
      ),
    ],
  },
  {
    id: 'INV-M3',
    family: 'migrate',
    says: 'At unmap time a page stays selected only if it has no unexpected references: refcount − (1 + [page is the fault page]) ≤ mapcount. Otherwise its migration entries are turned back into the original PTEs and src[i] is set to 0.',
    when: 'unmap',
    why: "An unexpected reference means someone else (a pin, a concurrent user) may still read or write the page; migrating anyway would copy stale data or free a page that is still in use. Restoring leaves the process unaffected. Getting the expected count wrong is bug B2: the fault handler's own reference made every fault-time migration fail, and the CPU retried the same fault forever.",
    keptBy: [
      fn('migrate_device_unmap', MIGRATE_DEVICE),
      fn('migrate_vma_check_page', MIGRATE_DEVICE),
      fn('remove_migration_ptes', 'mm/migrate.c'),
    ],
    seeds: [seed('002', '1324–1359', '!migrate_vma_check_page(page, fault_page)) {')],
  },
  {
    id: 'INV-M4',
    family: 'migrate',
    says: 'migrate_vma_pages() clears MIGRATE on every entry for which the driver supplied no destination page.',
    when: 'pages',
    why: 'A driver may decline a page, or fail to allocate one, by leaving dst[i] = 0. Clearing MIGRATE tells finalize to restore the original mapping instead of switching to a page that does not exist, and tells the code after migrate_vma_pages() (such as the copy in the coherent-page migration) that nothing was moved.',
    keptBy: [fn('migrate_vma_pages', MIGRATE_DEVICE)],
    seeds: [
      seed(
        '002',
        '6793–6794',
        'migrate_vma_pages() will clear src_pfn & MIGRATE_PFN_MIGRATE if no destination page is provided in dst_pfn.',
      ),
    ],
  },
  {
    id: 'INV-M5',
    family: 'migrate',
    says: "Device pages are selected as migration sources only if they belong to the caller: a device-private or device-coherent page is collected only when its pgmap.owner equals the migration's pgmap_owner (and the matching SELECT flag is set).",
    when: 'collect',
    why: "Only the driver that owns device memory knows how to copy data out of it and update its own device page tables. A driver migrating another driver's device page would copy from memory it cannot interpret and leave the owner's bookkeeping stale.",
    keptBy: [fn('migrate_vma_collect_pmd', MIGRATE_DEVICE)],
    seeds: [
      seed('002', '3761–3764', 'page->pgmap->owner != migrate->pgmap_owner))'),
      seed('002', '7607–7611', 'page->pgmap->owner != migrate->pgmap_owner))'),
    ],
  },
  {
    id: 'INV-M6',
    family: 'migrate',
    says: 'The shared zero page is selected for migration only when the caller passed MIGRATE_VMA_SELECT_SYSTEM.',
    when: 'collect',
    why: 'The zero page is system memory and can never point to device memory, so a caller that asked only for device pages (e.g. MIGRATE_VMA_SELECT_DEVICE_COHERENT, to bring device data back) must not get it. Selecting it anyway is bug B11.',
    keptBy: [fn('migrate_vma_collect_pmd', MIGRATE_DEVICE)],
    seeds: [
      seed(
        '002',
        '7765–7773',
        'We should only migrate the zero pfn if MIGRATE_VMA_SELECT_SYSTEM is specified.',
      ),
      seed(
        '002',
        '7815–7816',
        "allows zero pfn pages to be selected for migration when they shouldn't be",
      ),
    ],
  },
  {
    id: 'INV-M7',
    family: 'migrate',
    says: 'Ordinary system pages are selected only with MIGRATE_VMA_SELECT_SYSTEM. MIGRATE_VMA_SELECT_DEVICE_PRIVATE never matches a present PTE, because a device-private page is never mapped by one.',
    when: 'collect',
    why: 'The SELECT flags say which memory the driver wants to move; taking system pages when it asked for device pages would hand it data it did not expect to copy. And since device-private pages never have present PTEs (INV-T1), a present PTE can only hold a system or device-coherent page.',
    keptBy: [fn('migrate_vma_collect_pmd', MIGRATE_DEVICE)],
    seeds: [
      seed(
        '002',
        '3726–3733',
        "we already know it's not a device private page by virtue of pte_present(pte) == True.",
      ),
      seed('002', '7604–7606', '!(migrate->flags & MIGRATE_VMA_SELECT_SYSTEM))'),
    ],
  },
  {
    id: 'INV-M8',
    family: 'migrate',
    says: 'Device-private destinations are used only for private anonymous memory (the source page has no page_mapping, i.e. is not file-backed), and empty addresses (holes) are filled only in anonymous VMAs.',
    when: 'pages / collect',
    why: 'Migrating to device-private memory is only supported for private anonymous memory ("For now only support private anonymous when migrating to un-addressable device memory"): a file-backed page is shared through the file, a case this path does not handle, so such entries lose MIGRATE and stay put. Likewise only anonymous VMAs may have holes populated ("Only allow populating anonymous memory.").',
    keptBy: [
      fn('migrate_vma_pages', MIGRATE_DEVICE),
      fn('migrate_vma_collect_hole', MIGRATE_DEVICE),
    ],
    seeds: [
      seed('002', '6206–6214', 'For now only support private anonymous when migrating'),
      seed('002', '6369–6371', 'Only allow populating anonymous memory.'),
    ],
  },
  {
    id: 'INV-M9',
    family: 'migrate',
    says: 'migrate_vma_setup() rejects (-EINVAL) a request with no VMA (in the final design a VMA is required), a hugetlb, VM_SPECIAL or DAX VMA, a range outside the VMA, or missing src/dst arrays.',
    when: 'setup',
    why: 'migrate_vma works on the page tables of one ordinary VMA; the other kinds of mappings are not supported by it, and a range outside the VMA would walk page tables the call does not cover. Migrating without a VMA got its own functions (migrate_device_coherent_page(), migrate_device_range()) instead of "hacks" in callers.',
    keptBy: [fn('migrate_vma_setup', MIGRATE_DEVICE)],
    seeds: [
      seed('002', '6519–6530', 'if (!args->src || !args->dst)'),
      seed('002', '3534–3535', 'Enforce in migrate_vma_setup() that there is a VMA.'),
    ],
  },
  {
    id: 'INV-M10',
    family: 'migrate',
    says: 'If fault_page is set, it is a DEVICE_PRIVATE page, and it stays valid (referenced) for the whole migrate_to_ram() call.',
    when: 'fault',
    why: 'The CPU fault handler passes the faulting page so the migration can accept the one extra reference it holds (INV-M3, bug B2); that reference keeps the page and its pgmap alive while the driver runs (bug B1). The -EINVAL check for a fault_page that is not device-private is general kernel knowledge.',
    keptBy: [fn('do_swap_page', 'mm/memory.c'), fn('migrate_vma_setup', MIGRATE_DEVICE)],
    seeds: [
      seed(
        '002',
        '597–599',
        'vmf->page is guaranteed to be valid for the duration of the migrate_to_ram() callbak.',
      ),
    ],
  },
  {
    id: 'INV-M11',
    family: 'migrate',
    says: 'migrate_device_range() selects only allocated device pages (refcount > 0); a free page gives src = 0.',
    when: 'evict',
    why: 'Eviction walks every pfn of a chunk, not a VMA, so it meets free pages too. Because free pages have refcount 0 (INV-P1), get_page_unless_zero() skips them safely; "migrating" a free page would copy garbage for nobody. That migrate_device_range() uses get_page_unless_zero() is general kernel knowledge.',
    keptBy: [fn('migrate_device_range', MIGRATE_DEVICE)],
    seeds: [
      seed(
        '002',
        '1913–1915',
        'Kernel code can then safely use kernel functions such as get_page_unless_zero().',
      ),
    ],
  },
  {
    id: 'INV-M12',
    family: 'migrate',
    says: 'Eviction never throws away the data of a page that is still mapped: allocating the system page to copy into retries (__GFP_NOFAIL) instead of failing.',
    when: 'evict',
    why: 'The device is going away, so a page that is not copied back is lost while a process still maps it: silent data corruption. Retrying lets reclaim work and, at worst, lets the OOM killer pick a task to kill, which is better than corrupting data.',
    keptBy: [
      fn('nouveau_dmem_evict_chunk', 'drivers/gpu/drm/nouveau/nouveau_dmem.c'),
      fn('dmirror_device_evict_chunk', 'lib/test_hmm.c'),
    ],
    seeds: [
      seed('002', '1798–1803', 'dpage = alloc_page(GFP_HIGHUSER | __GFP_NOFAIL);'),
      seed(
        '002',
        '2341–2349',
        'The memory is definitely not discardable here if the migration failed because that implies it is still mapped into some userspace process.',
      ),
    ],
  },
];
