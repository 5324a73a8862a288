/**
 * What each kernel era and each fix toggle is, for the reader (domain.md §0.3 and §4): the fix's
 * commit subject as the seeds quote it, one sentence on what the fix changes, the bug it closes,
 * the invariant of domain.md §3 it restored, and where the seeds discuss it. The engine's
 * behaviour lives in the ops; this file is text.
 */
import type { Era, FixId, PinPolicy } from '../config';

export interface EraInfo {
  readonly id: Era;
  /** A short name for pickers. */
  readonly label: string;
  readonly period: string;
  /** What a device page's refcount and its pgmap's references look like in this era. */
  readonly rules: string;
  readonly source: string;
}

export const ERA_INFO: Readonly<Record<Era, EraInfo>> = {
  ERA_A_BIASED: {
    id: 'ERA_A_BIASED',
    label: 'Before 27674ef6c73f (biased refcount)',
    period: 'up to v5.16',
    rules:
      'A free device page has refcount 1 and a page in use one extra reference; the pgmap holds one reference per pfn, dropped only when a page reaches 0 in memunmap_pages, which therefore waits for every page (and hangs while one is mapped).',
    source: 'seed 002 L1644-1649, L8101-8105',
  },
  ERA_B_NOBIAS_BROKEN: {
    id: 'ERA_B_NOBIAS_BROKEN',
    label: 'After 27674ef6c73f, before the 2022 fixes',
    period: 'v5.17 - v6.0',
    rules:
      'Free device pages still get refcount 1 back after page_free; a page in use has one reference per mapping; the pgmap references are taken per pfn and dropped all at once by memunmap_pages, which returns even while pages are mapped.',
    source: 'seed 002 L1651-1655, L1905-1912',
  },
  ERA_C_FIXED: {
    id: 'ERA_C_FIXED',
    label: 'Fixed (v6.1 and later)',
    period: 'v6.1 -',
    rules:
      'A free device page has refcount 0; zone_device_page_init takes one pgmap reference per allocated page and page_free returns it; memunmap_pages waits until every page is freed, so drivers evict first.',
    source: 'seed 002 L1687-1740, L1902-1915',
  },
};

export interface FixInfo {
  readonly id: FixId;
  readonly label: string;
  /** The commit (or patch) that fixed it, as the seeds name it. */
  readonly commit: string;
  /** What the fix changes, in one sentence. */
  readonly change: string;
  /** What goes wrong without it. */
  readonly bug: string;
  /** domain.md §4 bug id. */
  readonly bugId: string;
  /** The invariant of domain.md §3 that fails without the fix. */
  readonly invariant: string;
  readonly source: string;
}

export const FIX_INFO: Readonly<Record<FixId, FixInfo>> = {
  FIX_FAULT_PAGE_REF: {
    id: 'FIX_FAULT_PAGE_REF',
    label: 'do_swap_page takes a page reference',
    commit: 'mm/memory.c: Fix race when faulting a device private page',
    change:
      'do_swap_page locks the device page and takes a reference under the PTE lock before calling migrate_to_ram, so a concurrent migration cannot free the page or its pgmap.',
    bug: 'Without it a migration racing the fault frees the page, and migrate_to_ram reads a freed page and pgmap (use-after-free, crash).',
    bugId: 'B1',
    invariant: 'INV-P9',
    source: 'seed 002 L1004-1021',
  },
  FIX_FAULT_PAGE_PLUMB: {
    id: 'FIX_FAULT_PAGE_PLUMB',
    label: 'migrate_vma is told the fault_page',
    commit: 'mm/memory.c: Fix race when faulting a device private page (fault_page plumbing)',
    change:
      "The faulting page is passed to migrate_vma_setup as fault_page, so the fault's own extra reference is expected instead of blocking the migration.",
    bug: 'With the reference but without the plumbing, the migration always sees one reference too many, restores the entry and returns 0: the CPU faults again forever (livelock).',
    bugId: 'B2',
    invariant: 'INV-M3',
    source: 'seed 002 L1017-1021, L586-606',
  },
  FIX_EVICT_ON_RELEASE: {
    id: 'FIX_EVICT_ON_RELEASE',
    label: 'The driver evicts device memory before memunmap_pages',
    commit:
      'nouveau/dmem: Evict device private memory during release (test_hmm: hmm-tests: Add test for migrate_device_range())',
    change:
      'Before removing a chunk the driver migrates every page still in use back to system memory with migrate_device_range, so memunmap_pages finds no page allocated.',
    bug: 'Without it memunmap_pages waits forever for pages that stay mapped (hang, RCU stall) — or, in ERA_B, returns at once and the pgmap is freed under live mappings (crash, CVE-2022-3523).',
    bugId: 'B4, B5',
    invariant: 'INV-P7',
    source: 'seed 002 L1745-1839, L1636-1743, L493-510',
  },
  FIX_TRY_TO_MIGRATE_KEEPS_WRITE: {
    id: 'FIX_TRY_TO_MIGRATE_KEEPS_WRITE',
    label: 'try_to_migrate_one keeps the write bit',
    commit: 'mm/rmap.c: avoid double faults migrating device private pages',
    change:
      'On the rmap slow path a writable device-private entry becomes a writable migration entry (make_writable_migration_entry), as on the fast path.',
    bug: 'Without it the slow path makes every migration entry read-only: after migrating back the PTE has lost its write permission and the next store faults a second time.',
    bugId: 'B6',
    invariant: 'INV-T7',
    source: 'seed 002 L4918-4936, L4994-4996',
  },
  FIX_MIRROR_READ_RETRY: {
    id: 'FIX_MIRROR_READ_RETRY',
    label: 'The driver checks mmu_interval_read_retry',
    commit:
      'Documentation/mm/hmm.rst: the driver must check mmu_interval_read_retry() under its lock',
    change:
      'After hmm_range_fault the driver takes its lock and asks mmu_interval_read_retry whether an invalidation ran meanwhile; if so it starts again instead of programming the device.',
    bug: 'A driver that skips the check programs the device page table from a stale snapshot: the device maps a page the CPU side has already unmapped and freed.',
    bugId: 'S2',
    invariant: 'INV-H1',
    source: 'seed 001 L248-253; domain.md S2',
  },
  FIX_TRY_TO_MIGRATE_COHERENT: {
    id: 'FIX_TRY_TO_MIGRATE_COHERENT',
    label: 'try_to_migrate accepts device-coherent pages',
    commit:
      'mm: add device coherent checker to remove migration pte / try_to_migrate (device coherent series, 2022)',
    change:
      'try_to_migrate no longer returns early for ZONE_DEVICE pages that are not device-private, so a coherent page is unmapped through the rmap like any other.',
    bug: "Without it a coherent page can only move through migrate_vma_collect's fast path: on the rmap slow path (eviction, a page mapped twice) it is never unmapped, the migration restores it, and removing the device waits for it forever.",
    bugId: 'B7',
    invariant: 'INV-P7',
    source: 'seed 002 L8470-8498, L9208-9227',
  },
  FIX_GUP_FAST_LONGTERM: {
    id: 'FIX_GUP_FAST_LONGTERM',
    label: 'GUP-fast applies the long-term pinning rules',
    commit: 'mm/gup: migrate device coherent pages when pinning instead of failing (GUP-fast part)',
    change:
      'GUP-fast refuses to long-term pin a page that may not be pinned long-term and falls back to the slow path, which migrates it first: the same rule on both paths.',
    bug: 'Without it a FOLL_LONGTERM pin of pages that are already mapped goes through GUP-fast, which never runs check_and_migrate_movable_pages: device-coherent memory ends up pinned for good.',
    bugId: 'B9',
    invariant: 'INV-G4',
    source: 'seed 002 L5368-5390, L5491-5498',
  },
  FIX_ZERO_PFN_SELECT_SYSTEM: {
    id: 'FIX_ZERO_PFN_SELECT_SYSTEM',
    label: 'The zero page is selected only with SELECT_SYSTEM',
    commit:
      'mm: add device coherent vma selection for memory migration (v7, after the v4/v5 review)',
    change:
      'migrate_vma_collect_pmd selects the shared zero pfn only if the caller passed MIGRATE_VMA_SELECT_SYSTEM: "is_zero_pfn(pfn) && (migrate->flags & MIGRATE_VMA_SELECT_SYSTEM)".',
    bug: 'v4/v5 let a migration that asked for device-coherent pages only select the zero page, which can never be device memory: cpages counts it, the driver finds no page to copy, and migrate_vma_pages drops it again.',
    bugId: 'B11',
    invariant: 'INV-M6',
    source: 'seed 002 L7797-7825, L7765-7773, L3725-3745',
  },
  FIX_VM_NORMAL_PAGE_NONLRU: {
    id: 'FIX_VM_NORMAL_PAGE_NONLRU',
    label: 'LRU users of vm_normal_page() skip device pages',
    commit: 'mm: handling Non-LRU pages returned by vm_normal_pages',
    change:
      'Callers that take a page from vm_normal_page() and put it on or off an LRU list (madvise COLD/PAGEOUT, KSM, khugepaged, NUMA migration, mlock…) skip ZONE_DEVICE pages: "if (!page || is_zone_device_page(page)) continue;", and follow_page(FOLL_LRU) answers -EEXIST.',
    bug: "Without it a device-coherent page, which vm_normal_page() returns like any page, is treated as an LRU page: list operations on page->lru overwrite pgmap and zone_device_data, which share its storage, and the next use of the page's pgmap crashes.",
    bugId: 'B8',
    invariant: 'INV-C1',
    source: 'seed 002 L5271-5326, L4139-4174, L4742-4752',
  },
};

/** COHERENT_LONGTERM_PIN_POLICY (domain.md §4 B10): each design, in the order it was reviewed. */
export const PIN_POLICY_INFO: Readonly<Record<PinPolicy, { label: string; change: string }>> = {
  allow: {
    label: 'Pin it where it is (v2, Dec 2021)',
    change:
      'Nothing stops a FOLL_LONGTERM pin on device-coherent memory: the driver can never evict that page again (INV-G2), and removing the device waits for it forever.',
  },
  fail_EFAULT: {
    label: 'Refuse with -EFAULT (v3/v4, Jan 2022)',
    change:
      'A long-term pin that lands on device-coherent memory drops its pins and fails with -EFAULT.',
  },
  migrate_then_pin: {
    label: 'Migrate, then pin (merged, 2022)',
    change:
      'check_and_migrate_movable_pages moves the page to system memory (migrate_device_coherent_folio) and GUP pins that instead.',
  },
};
