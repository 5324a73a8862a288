/** domain.md §3.4 — Pinning (INV-G1 … INV-G7). */
import { fn, seed, type InvariantDocDraft } from './types';

const GUP = 'mm/gup.c';

export const PINNING_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-G1',
    family: 'pinning',
    says: 'No DEVICE_PRIVATE page is ever pinned (pincount == 0). GUP on one first faults it back to system memory (through migrate_to_ram) and pins the system page instead.',
    when: 'always',
    why: 'The CPU cannot reach device-private memory, and a pin would keep the driver from ever moving or freeing the page. Because the page has no present PTE (INV-T1), GUP always takes the fault path and ends up pinning a system page; the seeds even call a device-private page found by GUP "bigger trouble".',
    keptBy: [
      fn('follow_page_pte', GUP),
      fn('faultin_page', GUP),
      fn('handle_mm_fault', 'mm/memory.c'),
    ],
    seeds: [
      seed('002', '5667–5672', 'Then you pin the system memory page.'),
      seed('002', '3607–3618', 'Device private pages will get faulted in during gup so it'),
    ],
  },
  {
    id: 'INV-G2',
    family: 'pinning',
    says: 'After a successful FOLL_LONGTERM GUP, none of the returned pages is DEVICE_COHERENT. With the final policy (migrate_then_pin) coherent pages are migrated to system memory and GUP is retried; with the older policy (fail_EFAULT) the GUP fails instead.',
    when: 'after GUP',
    why: 'Device-coherent memory is managed by its driver, which must be able to move or evict it; a long-term pin would block that forever, and an eviction of the chunk would hang (B10). GUP-fast needed the same rule (INV-G4, B9).',
    keptBy: [
      fn('check_and_migrate_movable_pages', GUP),
      fn('migrate_device_coherent_page', 'mm/migrate_device.c'),
    ],
    seeds: [
      seed('002', '3414–3441', 'Device coherent pages are managed by a driver and should not'),
      seed('002', '8220–8244', 'returning error for PIN_LONGTERM Coherent device type pages.'),
      seed(
        '002',
        '6940–7015',
        'This should trigger a migration back to system memory for both, private',
      ),
    ],
  },
  {
    id: 'INV-G3',
    family: 'pinning',
    says: 'An ordinary (not long-term) FOLL_PIN of a DEVICE_COHERENT page is allowed, and it does not migrate the page.',
    when: 'after GUP',
    why: 'Coherent memory is CPU-addressable, so a short-term pin works as for normal memory; only pins that may last forever get in the way of the device memory manager (e.g. evictions in TTM). The hmm-tests check it: pages pinned with GUP_BASIC_TEST and GUP_FAST_BENCHMARK stay in device-coherent memory.',
    keptBy: [fn('try_grab_page', GUP), fn('check_and_migrate_movable_pages', GUP)],
    seeds: [
      seed(
        '002',
        '4128–4131',
        'Long-term pinning is forbidden since it would interfere with the device',
      ),
      seed('002', '5655–5662', 'So I assume we allow ordinary FOLL_PIN'),
      seed('002', '4869–4889'),
    ],
  },
  {
    id: 'INV-G4',
    family: 'pinning',
    says: 'GUP and GUP-fast apply the same long-term pinning rules (with the FIX_GUP_FAST_LONGTERM toggle on).',
    when: 'always',
    why: 'GUP-fast never called check_and_migrate_movable_pages(), so a FOLL_LONGTERM pin taken through it could land on a device-coherent (or ZONE_MOVABLE) page that the slow path would have migrated, and the driver could never evict that page (bug B9). The fix applies the check in both paths (is_pinnable_page()); the exact mechanism is general kernel knowledge.',
    keptBy: [
      fn('is_pinnable_page', 'include/linux/mm.h'),
      fn('check_and_migrate_movable_pages', GUP),
    ],
    seeds: [
      seed(
        '002',
        '5378–5382',
        'We really should have the same pinning rules for GUP vs. GUP-fast.',
      ),
    ],
  },
  {
    id: 'INV-G5',
    family: 'pinning',
    says: 'Pin accounting balances at rest: pins acquired minus pins released equals the sum of all pincounts; with no pins held, nr_foll_pin_acquired == nr_foll_pin_released (in /proc/vmstat).',
    when: 'at rest',
    why: 'A pin that is never released keeps its page from being migrated or freed forever (INV-G7); a release without a pin corrupts the count and can free a page that is still in use. The reviewers used exactly this check on hmm-tests to validate the series.',
    keptBy: [fn('pin_user_pages', GUP), fn('unpin_user_page', GUP)],
    seeds: [seed('002', '5543–5556', 'these remain equal to each other after running hmm-tests')],
  },
  {
    id: 'INV-G6',
    family: 'pinning',
    says: 'A long-term GUP that fails leaves no pins or extra references behind: every pages[i] it had taken is unpinned or put.',
    when: 'after GUP',
    why: 'The caller gets an error and will release nothing, so a pin left behind would leak forever and keep that page from ever being migrated or evicted. The cleanup loop skips the pages[i] set to NULL for device-coherent pages, whose pin was already turned into a normal reference for the migration.',
    keptBy: [fn('check_and_migrate_movable_pages', GUP), fn('unpin_user_page', GUP)],
    seeds: [
      seed('002', '3464–3480', 'pages[i] might be NULL if any device coherent pages were found.'),
      seed('002', '6001–6007', 'unpin_user_page(dpage);'),
    ],
  },
  {
    id: 'INV-G7',
    family: 'pinning',
    says: 'A page with pincount > 0 is never migrated: the reference check at unmap time fails and the page is restored.',
    when: 'unmap',
    why: 'A pin promises its holder (often a device doing DMA) that the page stays where it is; migrating it would let the holder keep using the old page while the process uses the new one. That is why the long-term GUP path first turns its own pin into a normal reference before migrating a coherent page.',
    keptBy: [
      fn('migrate_vma_check_page', 'mm/migrate_device.c'),
      fn('migrate_device_unmap', 'mm/migrate_device.c'),
    ],
    seeds: [
      seed('002', '1284–1287', 'special migration pte entry and check if it has been pinned.'),
      seed('002', '3428–3435', 'Migration will fail if the page is pinned, so convert'),
    ],
  },
];
