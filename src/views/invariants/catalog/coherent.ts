/** domain.md §3.5 — DEVICE_COHERENT / non-LRU callers (INV-C1 … INV-C3). */
import { fn, seed, type InvariantDocDraft } from './types';

export const COHERENT_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-C1',
    family: 'coherent',
    says: 'Operations built on LRU lists skip device pages: madvise COLD/PAGEOUT, KSM merging, khugepaged collapse, NUMA statistics, mlock/mempolicy/NUMA migration, and follow_page(FOLL_LRU). follow_page(FOLL_LRU) returns -EEXIST for them, not NULL.',
    when: 'always',
    why: 'Once vm_normal_page() can return a device-coherent page, every caller that assumes an LRU page would try to take it off an LRU list it is not on, and since the lru field shares memory with pgmap and zone_device_data this corrupts the page (bug B8). Returning NULL instead of -EEXIST would make GUP try to fault in a page that already exists.',
    keptBy: [
      fn('can_gather_numa_stats', 'fs/proc/task_mmu.c'),
      fn('follow_page_pte', 'mm/gup.c'),
      fn('__collapse_huge_page_isolate', 'mm/khugepaged.c'),
      fn('get_mergeable_page', 'mm/ksm.c'),
      fn('madvise_cold_or_pageout_pte_range', 'mm/madvise.c'),
      fn('split_huge_pages_pid', 'mm/huge_memory.c'),
    ],
    seeds: [
      seed('002', '4176–4260', 'if (!page || is_zone_device_page(page))'),
      seed(
        '002',
        '4325–4345',
        'returning NULL will cause GUP to try and fault the page in when it already possibly exists.',
      ),
      seed('002', '4706–4752', 'page = follow_page(vma, addr, FOLL_GET | FOLL_LRU);'),
    ],
  },
  {
    id: 'INV-C2',
    family: 'coherent',
    says: "Device-coherent memory is filled only by migrations the driver starts; the kernel's page allocator never returns a device-coherent page, not even under memory pressure.",
    when: 'always',
    why: 'The memory belongs to the driver, which has to know what lives in it to move or evict it. If the kernel could allocate from it like ordinary RAM, the driver would lose control of its own memory.',
    keptBy: [
      fn('zone_device_page_init', 'mm/memremap.c'),
      fn('migrate_vma_pages', 'mm/migrate_device.c'),
    ],
    seeds: [
      seed(
        '002',
        '4096–4101',
        'Device coherent pages are only allocated by a device driver and exposed to user-space by a driver migrating pages to them with migrate_vma.',
      ),
    ],
  },
  {
    id: 'INV-C3',
    family: 'coherent',
    says: "A CPU access to a DEVICE_COHERENT page never triggers a migration: there is no fault, it is an ordinary present PTE. Only an explicit migration by the driver, or the kernel's own migration before a long-term pin, moves it.",
    when: 'always',
    why: 'Coherent memory is directly CPU-accessible, so pulling it back on every CPU touch would defeat its purpose. The flip side is that the driver must migrate data back explicitly, which is why the hmm-tests for coherent memory migrate "without the need of page faults". The kernel can copy such a page itself, with the CPU, without the driver.',
    keptBy: [
      fn('migrate_vma_insert_page', 'mm/migrate_device.c'),
      fn('migrate_device_coherent_page', 'mm/migrate_device.c'),
    ],
    seeds: [
      seed(
        '002',
        '7044–7046',
        'explicit migrate from device to sys memory without the need of page',
      ),
      seed(
        '002',
        '1253–1256',
        'Such memory can be copied directly by the CPU without intervention from a driver.',
      ),
    ],
  },
];
