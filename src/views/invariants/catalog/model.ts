/**
 * The engine's own bookkeeping rules (INV-T13, INV-S1 … INV-S3 of src/engine/invariantsCatalog.ts):
 * not listed in domain.md §3, general kernel knowledge, so no seed citation.
 */
import { fn, type InvariantDocDraft } from './types';

const MODEL_NOTE =
  "This is one of the simulator's own bookkeeping rules, not listed in domain.md §3; it is general kernel knowledge rather than something the seed threads discuss.";

export const MODEL_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-T13',
    family: 'model',
    says: 'Every page-table entry lies inside a VMA of its process.',
    when: 'always',
    why: `Page tables only describe memory the process has mapped: munmap removes the entries of the range it unmaps, and an entry outside every VMA would be memory nobody accounts for. ${MODEL_NOTE}`,
    keptBy: [fn('zap_pte_range', 'mm/memory.c')],
    seeds: [],
  },
  {
    id: 'INV-S1',
    family: 'model',
    says: 'A free system page has refcount 0, is on no LRU list, and is mapped nowhere.',
    when: 'always',
    why: `A free page belongs to the page allocator, which may give it to anyone next; a reference, an LRU link or a mapping left on it would let its old users see or corrupt the next owner's data. ${MODEL_NOTE}`,
    keptBy: [],
    seeds: [],
  },
  {
    id: 'INV-S2',
    family: 'model',
    says: 'At rest, a system or device-coherent page in use has one reference per mapping, plus one for the page cache if it is shared memory, plus one per pin.',
    when: 'at rest',
    why: `Like INV-P11 for device-private pages: any other reference at rest is a leak, and it makes the page impossible to migrate (the unexpected-reference check of INV-M3 fails), so a device-coherent page could never be evicted. ${MODEL_NOTE}`,
    keptBy: [],
    seeds: [],
  },
  {
    id: 'INV-S3',
    family: 'model',
    says: 'At rest no page is left locked (and no driver lock is held): every lock a migration or a fault takes is released before it returns.',
    when: 'at rest',
    why: `A page lock left behind makes every later migration skip the page (its trylock fails) and blocks anyone who waits for the lock, so the page could never be moved or evicted. ${MODEL_NOTE}`,
    keptBy: [
      fn('migrate_vma_finalize', 'mm/migrate_device.c'),
      fn('migrate_device_finalize', 'mm/migrate_device.c'),
    ],
    seeds: [],
  },
];
