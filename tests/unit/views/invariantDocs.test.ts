import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { INVARIANTS } from '../../../src/engine/invariantsCatalog';
import { kernelTable } from '../../../src/engine/kernelSources';
import {
  INVARIANT_DOCS,
  INVARIANT_FAMILIES,
  invariantDoc,
} from '../../../src/views/invariants/catalog';

/** The repository is cloned with /work/shared beside it as ../shared. */
const SHARED = resolve(import.meta.dirname, '../../../../shared');
const SEEDS = join(SHARED, 'seeds');
const DOMAIN = join(SHARED, 'docs/domain.md');

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

const seedText = new Map<string, string>();
function seed(file: string): string {
  let text = seedText.get(file);
  if (text === undefined) {
    text = readFileSync(join(SEEDS, file), 'utf8');
    seedText.set(file, text);
  }
  return text;
}

const collapsedText = new Map<string, string>();
function collapsedSeed(file: string): string {
  let text = collapsedText.get(file);
  if (text === undefined) {
    text = collapse(seed(file));
    collapsedText.set(file, text);
  }
  return text;
}

/** '1911–1915' / '9381' (lines) or '@14011–15300' / '@14444' (character offsets, seed 003). */
function parseRange(lines: string): { offsets: boolean; from: number; to: number } | null {
  const m = /^(@?)(\d+)(?:–(\d+))?$/.exec(lines);
  if (m === null) return null;
  const from = Number(m[2]);
  return { offsets: m[1] === '@', from, to: m[3] === undefined ? from : Number(m[3]) };
}

/** The cited passage (with a little slack after a character offset, which marks a start). */
function passage(file: string, lines: string): string {
  const r = parseRange(lines)!;
  const text = seed(file);
  if (r.offsets) return text.slice(r.from, r.to + 400);
  return text
    .split('\n')
    .slice(r.from - 1, r.to)
    .join('\n');
}

const ids = INVARIANT_DOCS.map((d) => d.id);

describe('invariant docs', () => {
  test('every invariant the engine checks has a doc marked checked, and only those', () => {
    for (const id of Object.keys(INVARIANTS)) expect(invariantDoc(id)?.checked, id).toBe(true);
    for (const d of INVARIANT_DOCS) expect(d.checked, d.id).toBe(Object.hasOwn(INVARIANTS, d.id));
  });

  test('ids are unique and well-formed', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^INV-[A-Z]\d+$/);
  });

  test('every invariant of domain.md §3 has a doc, in its order', () => {
    const md = readFileSync(DOMAIN, 'utf8');
    const start = md.indexOf('## 3. Invariants');
    const end = md.indexOf('## 4. ', start);
    expect(start).toBeGreaterThan(0);
    const domainIds = [...md.slice(start, end).matchAll(/^\| (INV[‑-][A-Z]\d+) \|/gm)].map((m) =>
      m[1]!.replace('‑', '-'),
    );
    expect(domainIds.length).toBeGreaterThan(60);
    const docIds = INVARIANT_DOCS.filter((d) => d.family !== 'model').map((d) => d.id);
    expect(docIds).toEqual(domainIds);
  });

  test('every doc has its text, a known family and a `when`', () => {
    const families = new Set(INVARIANT_FAMILIES.map((f) => f.id));
    for (const d of INVARIANT_DOCS) {
      expect(d.says.trim(), d.id).not.toBe('');
      expect(d.why.trim(), d.id).not.toBe('');
      expect(d.when.trim(), d.id).not.toBe('');
      expect(families.has(d.family as never), `${d.id} family ${d.family}`).toBe(true);
      for (const text of [d.says, d.why]) expect(text, d.id).not.toMatch(/<[a-z/]/i);
    }
  });

  test('invariantDoc accepts the ASCII and the non-breaking hyphen', () => {
    expect(invariantDoc('INV-P1')?.id).toBe('INV-P1');
    expect(invariantDoc('INV‑P1')?.id).toBe('INV-P1');
    expect(invariantDoc('INV-Z99')).toBeUndefined();
  });

  test('every cited seed file exists and every range lies within it', () => {
    for (const d of INVARIANT_DOCS) {
      for (const s of d.seeds) {
        const where = `${d.id} ${s.file}:${s.lines}`;
        expect(existsSync(join(SEEDS, s.file)), where).toBe(true);
        const r = parseRange(s.lines);
        expect(r, where).not.toBeNull();
        const text = seed(s.file);
        expect(r!.from, where).toBeGreaterThanOrEqual(r!.offsets ? 0 : 1);
        expect(r!.to, where).toBeGreaterThanOrEqual(r!.from);
        const size = r!.offsets ? text.length - 1 : text.split('\n').length;
        expect(r!.to, where).toBeLessThanOrEqual(size);
      }
    }
  });

  test('every quote is copied from its seed passage (≤ 200 characters)', () => {
    for (const d of INVARIANT_DOCS) {
      for (const s of d.seeds) {
        if (s.quote === undefined) continue;
        const where = `${d.id} ${s.file}:${s.lines}`;
        expect(s.quote.length, where).toBeLessThanOrEqual(200);
        expect(collapsedSeed(s.file), where).toContain(collapse(s.quote));
        expect(collapse(passage(s.file, s.lines)), where).toContain(collapse(s.quote));
      }
    }
  });

  test('docs without a seed citation say it is general knowledge', () => {
    for (const d of INVARIANT_DOCS.filter((x) => x.seeds.length === 0))
      expect(d.why, d.id).toMatch(/general kernel knowledge/);
  });

  test('a function the kernel-source table knows is named with the same file', () => {
    const fileOf = new Map(kernelTable().flatMap(({ file, fns }) => fns.map((f) => [f, file])));
    for (const d of INVARIANT_DOCS) {
      for (const k of d.keptBy) {
        expect(k.fn, d.id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(k.file, d.id).toMatch(/^[a-z][\w/.-]*\.[ch]$/);
        const known = fileOf.get(k.fn);
        if (known !== undefined) expect(k.file, `${d.id} ${k.fn}`).toBe(known);
      }
    }
  });
});
