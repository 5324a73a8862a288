/**
 * Which kernel file each mirrored function lives in, and the link a view shows for it.
 * One small table file → functions; links are generated from it.
 */

import type { HmmApi } from './config';

const ELIXIR = 'https://elixir.bootlin.com/linux/latest/source/';

const TABLE: Readonly<Record<string, readonly string[]>> = {
  'mm/migrate_device.c': [
    'migrate_vma_setup',
    'migrate_vma_collect',
    'migrate_vma_collect_pmd',
    'migrate_vma_collect_hole',
    'migrate_vma_unmap',
    'migrate_device_unmap',
    'migrate_vma_check_page',
    'migrate_vma_pages',
    'migrate_vma_insert_page',
    'migrate_vma_finalize',
    'migrate_device_range',
    'migrate_device_pages',
    'migrate_device_finalize',
    'migrate_device_coherent_folio',
  ],
  'mm/hmm.c': ['hmm_range_fault', 'hmm_vma_walk_pmd', 'hmm_vma_handle_pte', 'hmm_vma_fault'],
  'mm/mmu_notifier.c': [
    'mmu_interval_read_begin',
    'mmu_interval_notifier_insert',
    'mmu_interval_notifier_remove',
    'mmu_notifier_invalidate_range_start',
  ],
  'include/linux/mmu_notifier.h': ['mmu_interval_read_retry', 'mmu_interval_check_retry'],
  'mm/memory.c': [
    'vm_normal_page',
    'handle_mm_fault',
    'do_anonymous_page',
    'do_swap_page',
    'do_wp_page',
    'wp_page_copy',
    'wp_page_reuse',
    'do_shared_fault',
    'zap_pte_range',
    'copy_page_range',
    'copy_present_pte',
    'copy_present_page',
    'copy_nonpresent_pte',
    'remove_device_exclusive_entry',
    'restore_exclusive_pte',
    'zap_page_range_single',
  ],
  // The huge-page anonymous fault GMEM hooks into (its hunk is in the RFC, not in the seeds).
  'mm/huge_memory.c': ['__do_huge_pmd_anonymous_page'],
  'kernel/dma/mapping.c': ['dma_map_page', 'dma_unmap_page'],
  'mm/memremap.c': ['memremap_pages', 'memunmap_pages', 'zone_device_page_init'],
  'mm/mm_init.c': ['memmap_init_zone_device'],
  'mm/swap.c': ['free_zone_device_folio', '__folio_put', 'folio_add_lru', 'folio_deactivate'],
  'mm/vmscan.c': ['folio_isolate_lru', 'folio_putback_lru', 'reclaim_pages'],
  // madvise(MADV_COLD / MADV_PAGEOUT): the LRU walk of B8 (vm_normal_page is in mm/memory.c).
  'mm/madvise.c': ['madvise_cold_or_pageout_pte_range'],
  'mm/page_alloc.c': ['alloc_pages', 'free_unref_page'],
  'mm/rmap.c': ['make_device_exclusive', 'try_to_migrate', 'try_to_migrate_one'],
  'mm/migrate.c': ['remove_migration_ptes', 'folio_migrate_mapping'],
  // GUP (domain.md §2.12): the slow path, the pinning rules and the release of pages.
  'mm/gup.c': [
    'get_user_pages',
    'pin_user_pages',
    '__get_user_pages',
    'follow_page_pte',
    'faultin_page',
    'try_grab_folio',
    'check_and_migrate_movable_pages',
    'migrate_longterm_unpinnable_folios',
    'unpin_user_pages',
    'gup_fast',
  ],
  'include/linux/mm.h': ['put_page'],
  'mm/mprotect.c': ['mprotect_fixup', 'change_protection'],
  'mm/mmap.c': ['do_mmap', 'exit_mmap', 'dup_mmap'],
  'mm/vma.c': ['do_vmi_munmap'],
  'mm/shmem.c': ['shmem_fault'],
  'kernel/fork.c': ['mm_alloc'],
  // The user-space side, as the selftests write it (`ptr[i] = i`, reads of `ptr[i]`).
  'tools/testing/selftests/mm/hmm-tests.c': ['cpu_load', 'cpu_store'],
  'lib/test_hmm.c': [
    'dmirror_fops_open',
    'dmirror_fops_release',
    'dmirror_interval_invalidate',
    'dmirror_read',
    'dmirror_write',
    'dmirror_do_read',
    'dmirror_do_write',
    'dmirror_fault',
    'dmirror_range_fault',
    'dmirror_do_fault',
    'dmirror_migrate_to_device',
    'dmirror_migrate_alloc_and_copy',
    'dmirror_migrate_finalize_and_map',
    'dmirror_migrate_to_system',
    'dmirror_devmem_fault_alloc_and_copy',
    'dmirror_devmem_alloc_page',
    'dmirror_allocate_chunk',
    'dmirror_devmem_free',
    'dmirror_devmem_fault',
    'dmirror_snapshot',
    'dmirror_exclusive',
    'dmirror_atomic_map',
    'dmirror_check_atomic',
    'dmirror_range_snapshot',
    'dmirror_mkentry',
    'dmirror_device_remove_chunks',
    'dmirror_remove_free_pages',
    'dmirror_device_evict_chunk',
  ],
};

/**
 * Functions of an earlier API generation, gone from today's kernel: linked at the release that
 * had them (the 2018 snapshot API of seed 001 shipped in v4.17).
 */
const HISTORIC: Readonly<Record<string, { file: string; tag: string }>> = {
  hmm_vma_get_pfns: { file: 'mm/hmm.c', tag: 'v4.17' },
  hmm_vma_range_done: { file: 'mm/hmm.c', tag: 'v4.17' },
  // The 2018 fault path (api2018/hmmVmaFault.ts). Its entry point hmm_vma_fault() shares its
  // name with today's static helper in the same file, so its micro-steps link to today's.
  hmm_vma_do_fault: { file: 'mm/hmm.c', tag: 'v4.17' },
  // The page-based LRU isolation of 2022 (B8), folio_isolate_lru() today.
  isolate_lru_page: { file: 'mm/vmscan.c', tag: 'v5.19' },
};

/**
 * The 2015 API (seed 000) was never merged, so there is no tree to link: its functions link to
 * a lore.kernel.org search for the function's name in the 2015 postings. The driver's functions
 * are the seed's own; of the core's, only the ones the seed calls (hmm_mirror_fault) or the
 * domain's registration table names (hmm_mirror_register) are used.
 */
const LORE = 'https://lore.kernel.org/all/?q=';
const SERIES_2015: Readonly<Record<string, readonly string[]>> = {
  'drivers/char/hmm_dummy.c': [
    'dummy_device_init',
    'dummy_read',
    'dummy_write',
    'dummy_lmem_to_rmem',
    'dummy_copy_to_device',
    'dummy_copy_from_device',
    'dummy_mirror_pt_invalidate',
  ],
  'mm/hmm.c': ['hmm_mirror_register', 'hmm_mirror_fault'],
};
const FILE_2015: ReadonlyMap<string, string> = new Map(
  Object.entries(SERIES_2015).flatMap(([file, fns]) => fns.map((fn) => [fn, file] as const)),
);

/**
 * GMEM (seed 003) was an RFC, never merged: like the 2015 functions, its functions link to a
 * lore.kernel.org search. The driver's gm_mmu callbacks are declared in include/linux/gmem.h.
 */
const SERIES_GMEM: Readonly<Record<string, readonly string[]>> = {
  'mm/gmem.c': [
    'setup_gmem',
    'gmem_init',
    'gm_dev_create',
    'gm_dev_destroy',
    'gm_dev_register_physmem',
    'hnode_init',
    'gm_as_create',
    'gm_as_destroy',
    'gm_as_attach',
    'gm_dev_fault',
    'gm_host_fault_locked',
  ],
  'mm/vm_object.c': ['vm_object_lookup'],
  'mm/mmap.c (GMEM)': ['munmap_in_peer_devices'],
  'include/linux/gmem.h': ['gm_mmu', 'peer_map', 'peer_unmap'],
};
const FILE_GMEM: ReadonlyMap<string, string> = new Map(
  Object.entries(SERIES_GMEM).flatMap(([file, fns]) => fns.map((fn) => [fn, file] as const)),
);

const FILE_OF: ReadonlyMap<string, string> = new Map([
  ...Object.entries(TABLE).flatMap(([file, fns]) => fns.map((fn) => [fn, file] as const)),
  ...Object.entries(HISTORIC).map(([fn, h]) => [fn, h.file] as const),
  ...FILE_2015,
  ...FILE_GMEM,
]);

/** The kernel function names this model mirrors. */
export type KernelFn = string;

/** The file that defines `fn` (throws for a function missing from the table: a bug). */
export function kernelFile(fn: KernelFn): string {
  const file = FILE_OF.get(fn);
  if (file === undefined) throw new Error(`kernel function ${fn} is not in kernelSources.ts`);
  return file;
}

/** The source link of `fn`: its file on elixir.bootlin.com (latest kernel). */
export function kernelLink(fn: KernelFn, api: HmmApi = 'today'): string {
  // hmm_vma_fault is a static helper of hmm_range_fault today, the driver-facing call in 2018.
  if (api === '2018' && fn === 'hmm_vma_fault')
    return 'https://elixir.bootlin.com/linux/v4.17/source/mm/hmm.c';
  const h = HISTORIC[fn];
  if (h !== undefined) return `https://elixir.bootlin.com/linux/${h.tag}/source/${h.file}`;
  if (FILE_2015.has(fn) || FILE_GMEM.has(fn)) return `${LORE}${fn}`;
  return `${ELIXIR}${kernelFile(fn)}`;
}

/** Every (file, function) pair, for docs and tests. */
export function kernelTable(): readonly { file: string; fns: readonly string[] }[] {
  return Object.entries(TABLE).map(([file, fns]) => ({ file, fns }));
}
