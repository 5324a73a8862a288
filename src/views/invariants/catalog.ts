/**
 * The data of the "Invariants explained" page: every invariant of domain.md §3 (in its order),
 * then the engine's own bookkeeping rules, each with what it says, why the kernel needs it, which
 * function keeps it, and the seed passages that discuss it. `checked` marks the ones the engine
 * checks (src/engine/invariantsCatalog.ts). The entries live in catalog/<family>.ts.
 */
import { INVARIANTS } from '../../engine/invariantsCatalog';
import { COHERENT_DOCS } from './catalog/coherent';
import { DUMMY_DOCS } from './catalog/dummy';
import { GMEM_DOCS } from './catalog/gmem';
import { MIGRATE_DOCS } from './catalog/migrate';
import { MIRRORING_DOCS } from './catalog/mirroring';
import { MODEL_DOCS } from './catalog/model';
import { PGMAP_DOCS } from './catalog/pgmap';
import { PINNING_DOCS } from './catalog/pinning';
import { TABLES_DOCS } from './catalog/tables';
import type { InvariantDoc, InvariantFamily } from './catalog/types';

export type { InvariantDoc, InvariantFamily, KeptBy, SeedRef } from './catalog/types';
export { SEED_FILES } from './catalog/types';

/** The families in page order, with the domain.md §3 subsection each comes from. */
export const INVARIANT_FAMILIES: readonly {
  id: InvariantFamily;
  title: string;
  section: string;
}[] = [
  { id: 'pgmap', title: 'Device page / pgmap accounting', section: '3.1' },
  { id: 'tables', title: 'Page tables, migration entries and permissions', section: '3.2' },
  { id: 'migrate', title: 'migrate_vma / migrate_device bookkeeping', section: '3.3' },
  { id: 'pinning', title: 'Pinning', section: '3.4' },
  { id: 'coherent', title: 'DEVICE_COHERENT / non-LRU callers', section: '3.5' },
  { id: 'mirroring', title: 'Mirroring / snapshot', section: '3.6' },
  { id: 'dummy', title: 'HMM dummy driver (seed 000)', section: '3.7' },
  { id: 'gmem', title: 'GMEM (RFC, not merged)', section: '3.8' },
  { id: 'model', title: "The simulator's own bookkeeping", section: '' },
];

export const INVARIANT_DOCS: readonly InvariantDoc[] = Object.freeze(
  [
    ...PGMAP_DOCS,
    ...TABLES_DOCS,
    ...MIGRATE_DOCS,
    ...PINNING_DOCS,
    ...COHERENT_DOCS,
    ...MIRRORING_DOCS,
    ...DUMMY_DOCS,
    ...GMEM_DOCS,
    ...MODEL_DOCS,
  ].map((d) => ({ ...d, checked: Object.hasOwn(INVARIANTS, d.id) })),
);

const BY_ID: ReadonlyMap<string, InvariantDoc> = new Map(INVARIANT_DOCS.map((d) => [d.id, d]));

/** 'INV‑P1' (domain.md's non-breaking hyphen, or any other Unicode hyphen) → 'INV-P1'. */
export function normalizeInvariantId(id: string): string {
  return id.trim().replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** The doc of invariant `id` ('INV-P1' or 'INV‑P1'), if there is one. */
export function invariantDoc(id: string): InvariantDoc | undefined {
  return BY_ID.get(normalizeInvariantId(id));
}
