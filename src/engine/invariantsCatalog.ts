/**
 * The invariants of domain.md §3 that apply to this scope, each with its id and a sentence for
 * the student, and the helpers every family of checks shares (invariants*.ts; see invariants.ts).
 * Ids INV-S* and INV-T13 are the model's own bookkeeping rules.
 */
import type { Violation } from './microstep';
import type { Pte } from './types';

export const INVARIANTS = {
  'INV-P1':
    'A device page is free exactly when its refcount is 0: the driver free list only holds pages with refcount 0, and a free page is mapped nowhere.',
  'INV-P3':
    "A dev_pagemap's reference count is 1 (the base reference, while it is live) plus one per device page in use.",
  'INV-P4':
    "Before the 2022 fixes, a dev_pagemap's reference count is 1 (the base reference) plus one per pfn, whether the page is in use or not, until memunmap_pages.",
  'INV-P7':
    'memunmap_pages returns only when no page of the pgmap is in use any more; the driver must evict its pages first, or it waits forever.',
  'INV-P8':
    'Nothing touches a device page through a dev_pagemap that has been freed: the pgmap must outlive every page in use.',
  'INV-P9':
    "While a device-private page is in use, zone_device_data names the mirror that owns its data; while it is free, it links the driver's free list.",
  'INV-P10': 'Device pages are never on an LRU list: their lru field is reused for the pgmap.',
  'INV-P11':
    'At rest, a device-private page in use has exactly one reference per mapping (refcount == mapcount): nothing else can hold one.',
  'INV-T1': 'A device-private page never appears in a present CPU PTE: the CPU cannot address it.',
  'INV-T2':
    'A device-coherent page is mapped only by ordinary present PTEs, never by device-private entries.',
  'INV-T4':
    'A migration entry always points at a locked page: the migration holds the lock until it is removed.',
  'INV-T7':
    'Migration keeps permissions: a writable device-private entry becomes a writable migration entry and a writable PTE again (fast path and try_to_migrate_one alike).',
  'INV-T8': 'A page-table entry is writable only inside a VMA that allows writing.',
  'INV-T9':
    'mapcount counts the present and device-private entries that map the page; migration entries do not count.',
  'INV-T10':
    'After fork, a device-private entry of a private mapping is read-only in both parent and child, and both map the same page.',
  'INV-T11':
    "After a copy-on-write break, the writer's new page is an ordinary system page, even when the shared page was device memory.",
  'INV-T12':
    'Device-exclusive entries never survive a fork: they are restored to ordinary present PTEs first.',
  'INV-T13': 'Every page-table entry lies inside a VMA of its process.',
  'INV-H1':
    'A mirror programs device entries from a snapshot only if, under its lock, mmu_interval_read_retry says no invalidation ran since read_begin.',
  'INV-H2':
    "At rest, a mirror's device entry maps the same page as the CPU page table, and is writable only if the CPU entry is.",
  'INV-M1':
    'After migrate_vma_setup, npages is the size of the range and cpages counts the entries still marked MIGRATE.',
  'INV-M2':
    "After migrate_vma_setup, every selected page is locked, unmapped (mapcount 0), and holds only the migration reference (plus the fault reference for the fault page, and the page cache's for shared memory).",
  'INV-M3':
    "A page stays selected for migration only if it holds no reference beyond its mappings, the migration's own and the fault's (fault_page); otherwise it is restored.",
  'INV-M6':
    'The shared zero page is selected for migration only when the caller passed MIGRATE_VMA_SELECT_SYSTEM: it is never device memory.',
  'INV-C1':
    'Operations built on LRU lists (madvise COLD/PAGEOUT, KSM, khugepaged, NUMA migration, mlock) skip device pages: a ZONE_DEVICE page is never on an LRU list.',
  'INV-G1':
    'No device-private page is ever pinned: GUP migrates it back to system memory and pins that page instead.',
  'INV-G2':
    'A long-term pin (FOLL_LONGTERM) never holds device memory: coherent pages are migrated to system memory before they are pinned.',
  'INV-G4':
    'GUP and GUP-fast apply the same long-term pinning rules: a pin that may not last never comes back from either.',
  'INV-G5':
    'Pin accounting balances: every pin and every mapping of a pinned page holds its own reference (refcount ≥ mapcount + pincount), and at rest the pins of the GUP handles add up to each page’s pincount.',
  'INV-G7': 'A pinned page is never migrated: migrate_vma_setup leaves it in place.',
  'INV-D1':
    "2015 dummy driver: a fake device page's bitmap bit is set exactly when one device entry points at it or an in-flight migration reserved it (dpfn[i] ≠ -1).",
  'INV-D2':
    '2015 dummy driver: after copy_to_device, the new device entry is writable exactly when the VMA has VM_WRITE, and the old entry’s dirty bit is carried over.',
  'INV-D3':
    '2015 dummy driver: after copy_from_device, the device entry points to the system page, the fake page is free, and the dirty bit moved to the new entry.',
  'INV-X1':
    'GMEM: a gm_mapping has exactly one of the types CPU, DEVICE and NOMAP; WILLNEED is independent.',
  'INV-X2':
    'GMEM: a DEVICE chunk lives on gm_mapping.dev (its page table maps the chunk, no other device does) and the CPU maps none of it.',
  'INV-X3':
    'GMEM: a CPU chunk has a host page (gm_mapping.page), and that page is what the CPU maps there.',
  'INV-X4':
    'GMEM: data moves only with copy = true — CPU to device in gm_dev_fault (peer_map), device to CPU in gm_host_fault_locked (peer_unmap).',
  'INV-X5': 'GMEM: gm_dev_fault on a DEVICE chunk without MARK_HOT changes nothing and returns 0.',
  'INV-X6':
    "GMEM: after gm_as_attach, every node the device registered is in the calling process's mems_allowed.",
  'INV-X7': "GMEM: node n is in a device's registered_hnodes exactly when hnodes[n] belongs to it.",
  'INV-X8':
    'GMEM: a gm_mapping changes state only under its mutex (and mmap_read_lock); no lock is held at rest.',
  'INV-X9':
    'GMEM: a gm_context exists only with the device page table pmap_create made, and nothing uses a context after it was freed.',
  'INV-S1': 'A free system page has refcount 0, is on no LRU, and is mapped nowhere.',
  'INV-S2':
    'At rest, a system or device-coherent page in use has one reference per mapping, plus one for the page cache if it is shared memory, plus its pins.',
  'INV-S3':
    'At rest no page is left locked: every lock a migration or a fault takes is released before it returns.',
} as const;

export type InvariantId = keyof typeof INVARIANTS;

/** A violation of invariant `id`, with what was found. */
export function v(id: InvariantId, detail: string): Violation {
  return { id, message: INVARIANTS[id], detail };
}

/** Drops repeated violations (the same id and detail, found from two sides). */
export function dedupe(vs: Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((x) => {
    const k = `${x.id}|${x.detail}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether the entry maps its page, i.e. counts in its mapcount (not the zero page). */
export function isMapping(pte: Pte): boolean {
  return (
    pte.kind === 'devicePrivate' ||
    pte.kind === 'deviceExclusive' ||
    (pte.kind === 'present' && !pte.zero)
  );
}
