/** domain.md §3.2 — Page tables, migration entries and permissions (INV-T1 … INV-T12). */
import { fn, seed, type InvariantDocDraft } from './types';

const MIGRATE_DEVICE = 'mm/migrate_device.c';

export const TABLES_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-T1',
    family: 'tables',
    says: "A DEVICE_PRIVATE page's pfn never appears in a present CPU page-table entry. The CPU only ever holds a device-private (non-present, swap-like) entry for it, so every CPU access faults.",
    when: 'always',
    why: 'Device-private memory cannot be addressed by the CPU, so a present PTE pointing at it would let the CPU read or write memory it cannot reach. Because the entry is never present, every CPU access and every GUP faults and first migrates the page back to system memory (do_swap_page → migrate_to_ram); that is also why GUP can never pin such a page (INV-G1).',
    keptBy: [
      fn('migrate_vma_insert_page', MIGRATE_DEVICE),
      fn('remove_migration_ptes', 'mm/migrate.c'),
    ],
    seeds: [
      seed('002', '3615–3616', 'Device private pages are never part of a present PTE.'),
      seed(
        '002',
        '9709–9711',
        "have present pte's, so any attempt to GUP them results in a fault.",
      ),
    ],
  },
  {
    id: 'INV-T2',
    family: 'tables',
    says: 'A DEVICE_COHERENT page is mapped only by ordinary present PTEs: never by device-private entries, and never with the pte_devmap flag.',
    when: 'always',
    why: 'Coherent memory can be accessed by the CPU directly, so it is mapped like normal anonymous memory and gets normal refcounting and copy-on-write. A device-private entry would make every CPU access fault for nothing, and pte_devmap would switch off the normal refcounting on munmap.',
    keptBy: [
      fn('migrate_vma_insert_page', MIGRATE_DEVICE),
      fn('remove_migration_ptes', 'mm/migrate.c'),
    ],
    seeds: [
      seed(
        '002',
        '5441–5442',
        'Device private and device coherent pages are not marked with pte_devmap',
      ),
      seed('002', '9744–9757'),
    ],
  },
  {
    id: 'INV-T3',
    family: 'tables',
    says: "Device-private and device-coherent pages enter CPU page tables only through migrate_vma (migrate_vma_insert_page() for an empty address, or remove_migration_ptes() when a migration finishes), never through an ordinary page fault or the kernel's page allocator.",
    when: 'always',
    why: 'Device memory belongs to its driver, which decides what lives there by migrating data into it. If an ordinary fault or the page allocator could hand out device pages, the kernel would place data in memory the driver does not know about and could not evict.',
    keptBy: [
      fn('migrate_vma_insert_page', MIGRATE_DEVICE),
      fn('remove_migration_ptes', 'mm/migrate.c'),
    ],
    seeds: [
      seed('002', '5441–5442', 'The only way of inserting them is via migrate_vma.'),
      seed(
        '002',
        '4096–4101',
        "The OS can't just start using them due to memory pressure for example.",
      ),
    ],
  },
  {
    id: 'INV-T4',
    family: 'tables',
    says: 'Whenever a migration entry in any page table points at page P, P is locked.',
    when: 'always',
    why: 'The page lock is how a migration owns its pages: it is taken before migration entries are installed and released only after they are removed. Code that meets a migration entry relies on it (pfn_swap_entry_to_page() has BUG_ON(is_migration_entry(entry) && !PageLocked(p))); an unlocked page behind a migration entry could be migrated or freed by someone else halfway through.',
    keptBy: [
      fn('migrate_vma_collect_pmd', MIGRATE_DEVICE),
      fn('migrate_vma_finalize', MIGRATE_DEVICE),
      fn('pfn_swap_entry_to_page', 'include/linux/swapops.h'),
    ],
    seeds: [seed('002', '9381', 'BUG_ON(is_migration_entry(entry) && !PageLocked(p));')],
  },
  {
    id: 'INV-T5',
    family: 'tables',
    says: 'Once unmap has succeeded for page P (MIGRATE still set), P.mapcount == 0: every former mapping of P, in every process, is now a migration entry, and no CPU access can reach P or the new page until finalize (accesses to those addresses wait). Between collect and unmap a page may be only partly converted, but only for a moment.',
    when: 'after unmap → finalize',
    why: 'The data is copied while nobody can write it. If one mapping were left, a process could change P after the driver copied it, and the write would be lost when the mappings switch to the new page. A page that cannot be fully unmapped is restored and dropped from the migration (migrate_device_unmap() checks page_mapped()).',
    keptBy: [
      fn('migrate_device_unmap', MIGRATE_DEVICE),
      fn('try_to_migrate', 'mm/rmap.c'),
      fn('do_swap_page', 'mm/memory.c'),
    ],
    seeds: [
      seed('002', '4925–4929', 'do_swap_page() will wait until the migration'),
      seed('002', '1321–1337', 'if (page_mapped(page) ||'),
    ],
  },
  {
    id: 'INV-T6',
    family: 'tables',
    says: 'When migrate_vma_finalize() or migrate_device_finalize() returns, no migration entry refers to the source or destination pages of that migration any more: each one has become a normal mapping again (of the new page, or of the old page if it was not migrated).',
    when: 'after finalize',
    why: 'A migration entry left behind would make every access to that address wait for a migration that has already ended, and the page it names could be freed and reused. The seeds show the restore half (remove_migration_ptes() for pages that are not migrated); that finalize does the same for migrated pages is general kernel knowledge.',
    keptBy: [
      fn('migrate_vma_finalize', MIGRATE_DEVICE),
      fn('migrate_device_finalize', MIGRATE_DEVICE),
      fn('remove_migration_ptes', 'mm/migrate.c'),
    ],
    seeds: [seed('002', '1351–1356', 'remove_migration_ptes(folio, folio, false);')],
  },
  {
    id: 'INV-T7',
    family: 'tables',
    says: 'Migration keeps write permission exactly: a writable device-private entry becomes a writable migration entry and then a writable restored PTE; a read-only one stays read-only all the way. This holds on the fast path (collect) and on the slow path (try_to_migrate_one()).',
    when: 'always',
    why: 'If the slow path turned writable entries into read-only migration entries, the restored PTE would be read-only and the CPU store that caused the migration would fault a second time (bug B6, double faults). The opposite mistake, making a read-only entry writable, would break copy-on-write after fork.',
    keptBy: [
      fn('migrate_vma_collect_pmd', MIGRATE_DEVICE),
      fn('try_to_migrate_one', 'mm/rmap.c'),
      fn('remove_migration_pte', 'mm/migrate.c'),
    ],
    seeds: [
      seed('002', '3717–3718', 'if (is_writable_device_private_entry(entry))'),
      seed('002', '4930–4934', 'entry = make_writable_migration_entry(pfn);'),
    ],
  },
  {
    id: 'INV-T8',
    family: 'tables',
    says: 'A device-private entry that migrate_vma inserts at an empty address is writable exactly when the VMA has VM_WRITE.',
    when: 'insert',
    why: 'An empty address has no old entry to copy permissions from, so the VMA decides. A writable entry in a read-only VMA would let the process write memory it mapped read-only.',
    keptBy: [fn('migrate_vma_insert_page', MIGRATE_DEVICE)],
    seeds: [seed('002', '6126–6147', 'if (vma->vm_flags & VM_WRITE)')],
  },
  {
    id: 'INV-T9',
    family: 'tables',
    says: "A page's mapcount equals the number of present, device-private and device-exclusive entries pointing at it, across all processes. Migration entries are not counted.",
    when: 'always',
    why: 'Mapcount is how the kernel knows whether a page is still mapped: migration uses page_mapped() to decide whether unmap succeeded (INV-T5). Migration entries do not count because they are placeholders owned by the migration itself; if they counted, no page could ever look unmapped during a migration. The exact counting rule is general kernel knowledge.',
    keptBy: [
      fn('migrate_vma_collect_pmd', MIGRATE_DEVICE),
      fn('try_to_migrate_one', 'mm/rmap.c'),
      fn('remove_migration_ptes', 'mm/migrate.c'),
      fn('zap_pte_range', 'mm/memory.c'),
    ],
    seeds: [seed('002', '1321–1337', 'if (page_mapped(page) ||')],
  },
  {
    id: 'INV-T10',
    family: 'tables',
    says: "After fork() of a private anonymous VMA, a device-private entry that was writable is read-only in both parent and child, and the page's refcount and mapcount have each gone up by 1 (both processes map the same device page).",
    when: 'after fork',
    why: "Parent and child must not see each other's writes after fork, so the shared page becomes copy-on-write: both entries are read-only and the first write breaks the sharing. Leaving the parent's entry writable would let its writes show up in the child. The copy_nonpresent_pte() details are general kernel knowledge; the seeds only state the expected copy-on-write behaviour.",
    keptBy: [fn('copy_nonpresent_pte', 'mm/memory.c')],
    seeds: [
      seed(
        '002',
        '5583–5589',
        'I assume we’ll share them just like other PageAnon() pages during fork()',
      ),
    ],
  },
  {
    id: 'INV-T11',
    family: 'tables',
    says: "After a copy-on-write break on a device-coherent page, the writer's new page is an ordinary system page (not ZONE_DEVICE). The other process keeps the device page.",
    when: 'after CoW',
    why: 'Device memory is handed out only by its driver, through migration (INV-T3); the copy-on-write fault uses the normal page allocator, so the copy lands in system memory. A side effect discussed in the seeds: fork tends to move device-coherent data of the parent back to system memory (B15).',
    keptBy: [fn('do_wp_page', 'mm/memory.c')],
    seeds: [
      seed('002', '5583–5589', 'and the first sharer writing to them receives an “ordinary”'),
    ],
  },
  {
    id: 'INV-T12',
    family: 'tables',
    says: 'Device-exclusive entries never survive a CPU fault, a fork or a GUP on them: the original present PTE is restored first (after the device is told it has lost exclusive access).',
    when: 'always',
    why: 'A device-exclusive entry is a temporary non-present placeholder that gives the device sole access to a page. Restoring the ordinary PTE before anything else handles the page means copy-on-write, pinning and faults all see a normal entry, which "reduces the chances of introducing any subtle CoW bugs". No function for it is named in domain.md or the seeds.',
    keptBy: [],
    seeds: [
      seed('002', '5604–5613', 'on CPU fault (or fork) the original entry is restored'),
      seed('002', '5678–5680', 'GUP/PUP will fault and restore the original entry.'),
    ],
  },
];
