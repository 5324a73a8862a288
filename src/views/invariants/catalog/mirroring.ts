/** domain.md §3.6 — Mirroring / snapshot (INV-H1 … INV-H7). */
import { fn, seed, type InvariantDocDraft } from './types';

const HMM = 'mm/hmm.c';

export const MIRRORING_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-H1',
    family: 'mirroring',
    says: 'A mirror (the device driver) may write device page-table entries from a snapshot only if, while holding its driver lock, the snapshot is still valid: in the 2018 API hmm_vma_range_done() returned true; today !mmu_interval_read_retry(seq).',
    when: 'always',
    why: 'A snapshot can go stale right after it is taken: the CPU page table may change (munmap, migration, copy-on-write) before the driver programs the device. Checking under the same lock the invalidation callback takes guarantees no invalidation slipped in between; otherwise the device would keep mapping a page the CPU no longer uses. The modern sequence-number API is general kernel knowledge.',
    keptBy: [
      fn('hmm_vma_range_done', HMM),
      fn('mmu_interval_read_begin', 'mm/mmu_notifier.c'),
      fn('mmu_interval_read_retry', 'include/linux/mmu_notifier.h'),
    ],
    seeds: [
      seed(
        '001',
        '248–253',
        'IF YOU DO NOT FOLLOW THE ABOVE RULE THE SNAPSHOT CONTENT MIGHT BE INVALID !',
      ),
    ],
  },
  {
    id: 'INV-H2',
    family: 'mirroring',
    says: 'After any invalidation that overlaps a mirror, the mirror holds no device entry in the overlap that allows more than the new CPU entry: no entry at all after an unmap or a migration, a read-only one after a write-protect.',
    when: 'always',
    why: "The device must never use memory the CPU side has taken away or made read-only: after munmap the page may be freed and reused, and after a write-protect (e.g. fork) a device write would bypass copy-on-write. In the 2015 dummy driver the callback ANDs each device entry with the event's mask and frees fake device memory that is no longer mapped. The modern form of the rule is general kernel knowledge.",
    keptBy: [
      fn('dummy_mirror_pt_invalidate', 'drivers/char/hmm_dummy.c'),
      fn('mmu_notifier_invalidate_range_start', 'mm/mmu_notifier.c'),
    ],
    seeds: [seed('000', '92–98', '*dpte &= event->pte_mask;')],
  },
  {
    id: 'INV-H3',
    family: 'mirroring',
    says: 'A device entry is writable only if the CPU entry it was derived from (a present PTE or a device-private entry) is writable.',
    when: 'always',
    why: "Write permission comes from the process's page tables. If the device could write where the CPU may not, it would bypass read-only mappings and copy-on-write: after fork, a device write would change memory still shared with the child.",
    keptBy: [fn('hmm_range_fault', HMM), fn('dummy_copy_to_device', 'drivers/char/hmm_dummy.c')],
    seeds: [
      seed('001', '79', 'HMM_PFN_WRITE: CPU page table has write permission set'),
      seed('000', '259–260', 'hmm_pte_set_write(&dst[i]);'),
    ],
  },
  {
    id: 'INV-H4',
    family: 'mirroring',
    says: 'Special PTEs (VM_PFNMAP mappings, inserted with vm_insert_pfn) never produce a VALID entry in an HMM snapshot.',
    when: 'always',
    why: 'Special PTEs have no struct page that the kernel refcounts, so reporting them as ordinary valid pages would let a driver treat them like normal memory. They get their own flag instead (SPECIAL in 2018, an error today).',
    keptBy: [fn('hmm_vma_get_pfns', HMM), fn('hmm_range_fault', HMM)],
    seeds: [seed('001', '90–93')],
  },
  {
    id: 'INV-H5',
    family: 'mirroring',
    says: 'Decoding an entry without the VALID bit yields no page: hmm_pfn_to_page() returns NULL and hmm_pfn_to_pfn() returns -1.',
    when: 'always',
    why: 'Entries without VALID (nothing mapped, errors, special PTEs) carry no real pfn; decoding their bits as a pfn would give the driver some random page to map. Returning NULL or -1 forces the driver to handle the missing page.',
    keptBy: [
      fn('hmm_pfn_to_page', 'include/linux/hmm.h'),
      fn('hmm_pfn_to_pfn', 'include/linux/hmm.h'),
    ],
    seeds: [seed('001', '159–191', 'Returns: pfn value if uint64_t is valid, -1UL otherwise')],
  },
  {
    id: 'INV-H6',
    family: 'mirroring',
    says: 'A snapshot or an HMM fault never changes page refcounts in the long run: HMM hands the driver pfns, not page references. Only the fault path may allocate or migrate pages.',
    when: 'always',
    why: 'Because the driver holds no references, it relies on invalidation callbacks (INV-H1, INV-H2) to learn when a page goes away; that is the whole design of HMM mirroring. A snapshot that left references behind would leak pages and block their migration (INV-M3). The "no references" part is general kernel knowledge.',
    keptBy: [fn('hmm_vma_fault', HMM), fn('hmm_range_fault', HMM)],
    seeds: [
      seed(
        '001',
        '265–270',
        'Fault memory on behalf of device driver. Unlike handle_mm_fault(), this will',
      ),
    ],
  },
  {
    id: 'INV-H7',
    family: 'mirroring',
    says: "hmm_range_fault() reports a device-private page as a device pfn (without migrating it) exactly when pgmap.owner == range.dev_private_owner, and its WRITE bit then equals the entry's write bit, whatever was requested. Device-private pages of other owners are never reported as such: 0 without a fault request, migrated to system memory with one.",
    when: 'always',
    why: "A driver can map its own device memory into its device page table directly, but it cannot use another driver's device memory, so those pages must come back to system memory first. Because the driver's own page is never faulted, a requested write is not granted: the driver has to notice the missing WRITE itself. This rule is general kernel knowledge (mm/hmm.c); the seed threads do not discuss it.",
    keptBy: [fn('hmm_range_fault', HMM)],
    seeds: [],
  },
];
