/**
 * The shape of one "Invariants explained" entry and the small helpers the family files use to
 * write them. Text is plain (the UI renders text, never HTML).
 */

/** The §3.x subsection of domain.md an invariant comes from ('model': the engine's own rules). */
export type InvariantFamily =
  | 'pgmap'
  | 'tables'
  | 'migrate'
  | 'pinning'
  | 'coherent'
  | 'mirroring'
  | 'dummy'
  | 'gmem'
  | 'model';

/** A kernel (or driver) function that keeps an invariant, and the file that defines it. */
export interface KeptBy {
  fn: string;
  file: string;
}

/**
 * A passage of a seed thread (/work/shared/seeds). `lines` is a line range '1911–1915' or one
 * line '9381'; seed 003 has no newlines, so its citations are character offsets '@14011–15300' or
 * '@14444' (domain.md §0.1). `quote` is copied from that passage, whitespace collapsed.
 */
export interface SeedRef {
  file: string;
  lines: string;
  quote?: string;
}

export interface InvariantDoc {
  /** 'INV-P1' (ASCII hyphen). */
  id: string;
  family: InvariantFamily | string;
  /** The statement, in plain words for a student. */
  says: string;
  /** 'always', 'at rest', 'after setup', … as in domain.md's table. */
  when: string;
  /** Why the kernel needs it: what goes wrong without it (§4 bug ids where domain.md links them). */
  why: string;
  /** The function(s) that keep it; only functions domain.md or the seeds name. */
  keptBy: KeptBy[];
  /** The seed passages of domain.md's Support column (empty: general knowledge only). */
  seeds: SeedRef[];
  /** The kernel era(s) it is limited to (ids of src/engine/config.ts `Era`). */
  era?: string;
  /** Whether the engine checks it (its id is in INVARIANTS of src/engine/invariantsCatalog.ts). */
  checked: boolean;
}

/** An entry as a family file writes it; `checked` is derived from the engine's catalog. */
export type InvariantDocDraft = Omit<InvariantDoc, 'checked'>;

export const SEED_FILES = {
  '000': '000_689ccd6f741d47c0.txt',
  '001': '001_3b414f30e09e2fd4.txt',
  '002': '002_2df76121baecf9ea.txt',
  '003': '003_645fc1bca4702758.txt',
} as const;

/** A seed citation: `seed('002', '1911–1915', 'a quote')`. */
export function seed(n: keyof typeof SEED_FILES, lines: string, quote?: string): SeedRef {
  return quote === undefined
    ? { file: SEED_FILES[n], lines }
    : { file: SEED_FILES[n], lines, quote };
}

/** A function that keeps an invariant. */
export function fn(name: string, file: string): KeptBy {
  return { fn: name, file };
}

/** Eras (src/engine/config.ts `Era`). */
export const ERA_A = 'ERA_A_BIASED';
export const ERA_B = 'ERA_B_NOBIAS_BROKEN';
export const ERA_C = 'ERA_C_FIXED';
