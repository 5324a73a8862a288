/**
 * The link codec under fire (fast-check):
 * - decodeLink never throws and always answers quickly, whatever the fragment: random text,
 *   random lz-string characters, valid links truncated or with characters flipped, inserted or
 *   deleted — the answer is a payload or a LinkError of a known kind;
 * - the bounded decompressor gives lz-string's output for everything lz-string compresses, and
 *   never disagrees with it when it accepts a random string;
 * - encodeLink → decodeLink round-trips random scenarios, positions and views.
 */
import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc } from '../../src/engine/trace';
import { validateScenario } from '../../src/scenarios/load';
import {
  LINK_PREFIX,
  decodeLink,
  encodeLink,
  type DecodeLinkResult,
  type LinkErrorKind,
  type LinkPayload,
  type LinkView,
} from '../../src/url/codec';
import { ALPHABET, decompressFromEncodedURIComponentBounded } from '../../src/url/lzBounded';
import { docArbitrary } from './docArbitrary';

const KINDS: readonly LinkErrorKind[] = [
  'not-a-link',
  'too-long',
  'damaged',
  'too-large',
  'newer-version',
  'invalid',
];
/** Per decode; generous so that a loaded machine does not flake (a typical call takes < 5 ms). */
const MAX_MS = 250;
const CAP = 1 << 20;

/** decodeLink(fragment), checked: no exception, in time, a well-formed answer. */
function decodeChecked(fragment: string): DecodeLinkResult {
  const t0 = performance.now();
  const r = decodeLink(fragment);
  expect(performance.now() - t0).toBeLessThan(MAX_MS);
  if (r.ok) {
    expect(typeof r.payload.scenario.title).toBe('string');
  } else {
    expect(KINDS).toContain(r.error.kind);
    expect(typeof r.error.message).toBe('string');
    expect(r.error.message.length).toBeGreaterThan(0);
  }
  return r;
}

/** One character of lz-string's URI alphabet (with `$` and space, which it also reads). */
const lzChar = fc.constantFrom(...ALPHABET, ' ');

const viewArb: fc.Arbitrary<LinkView> = fc.record(
  {
    zoom: fc.oneof(fc.constant('fit' as const), fc.double({ min: 0.25, max: 4, noNaN: true })),
    expanded: fc.array(fc.string({ maxLength: 100 }), { maxLength: 12 }),
    pinned: fc.string({ maxLength: 100 }),
    speed: fc.integer({ min: 0, max: 5 }),
  },
  { requiredKeys: [] },
);

const smallDoc: fc.Arbitrary<ScenarioDoc> = docArbitrary(8, 4, 10);

const payloadArb: fc.Arbitrary<LinkPayload> = fc
  .record({
    doc: smallDoc,
    title: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    summary: fc.option(fc.string({ unit: 'binary', maxLength: 400 }), { nil: undefined }),
    at: fc.option(fc.nat(), { nil: undefined }),
    view: fc.option(viewArb, { nil: undefined }),
  })
  .map(({ doc, title, summary, at, view }) => ({
    scenario: { ...doc, title, ...(summary !== undefined ? { summary } : {}) },
    ...(at !== undefined ? { at } : {}),
    ...(view !== undefined ? { view } : {}),
  }));

type Mutation =
  | { kind: 'truncate'; pos: number }
  | { kind: 'flip' | 'insert'; pos: number; ch: string }
  | { kind: 'delete'; pos: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({
    kind: fc.constantFrom('flip' as const, 'insert' as const),
    pos: fc.nat(),
    ch: lzChar,
  }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat() }),
);

/** Applies a mutation to the characters after the prefix (positions wrap around). */
function mutate(link: string, m: Mutation): string {
  const head = LINK_PREFIX;
  const body = link.slice(head.length);
  const n = Math.max(body.length, 1);
  const i = m.pos % n;
  switch (m.kind) {
    case 'truncate':
      return head + body.slice(0, i);
    case 'flip':
      return head + body.slice(0, i) + m.ch + body.slice(i + 1);
    case 'insert':
      return head + body.slice(0, i) + m.ch + body.slice(i);
    case 'delete':
      return head + body.slice(0, i) + body.slice(i + 1);
  }
}

describe('link codec properties', () => {
  test('random fragments: a payload or a known error, never an exception, quickly', () => {
    const fragment = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: lzChar, maxLength: 600 }).map((s) => LINK_PREFIX + s),
      fc
        .tuple(fc.constantFrom('#s=', 's=', '#s=1', '#s=2.', '#s=1.', ''), fc.string())
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fragment, (f) => {
        decodeChecked(f);
      }),
      { numRuns: 5000 },
    );
  });

  test('mutated valid links: a payload or a known error, never an exception, quickly', () => {
    fc.assert(
      fc.property(payloadArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (p, ms) => {
        const link = encodeLink(p);
        decodeChecked(ms.reduce(mutate, link));
      }),
      { numRuns: 4000 },
    );
  });

  test('the bounded decompressor equals lz-string on everything lz-string compresses', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc
        .array(fc.constantFrom('a', 'ab', '{"op":"spawn"}', ',', '€', '\ud800', 'x'.repeat(50)), {
          maxLength: 300,
        })
        .map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        const c = LZString.compressToEncodedURIComponent(s);
        expect(decompressFromEncodedURIComponentBounded(c, CAP)).toBe(
          LZString.decompressFromEncodedURIComponent(c),
        );
        expect(decompressFromEncodedURIComponentBounded(c, CAP)).toBe(s);
      }),
      { numRuns: 1500 },
    );
  });

  test('on random input, whatever the bounded decompressor accepts, lz-string reads the same', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.string({ unit: lzChar, minLength: 1, maxLength: 200 }), (s) => {
        const ours = decompressFromEncodedURIComponentBounded(s, CAP);
        if (ours === null) return;
        accepted++;
        expect(LZString.decompressFromEncodedURIComponent(s)).toBe(ours);
      }),
      { numRuns: 3000 },
    );
    // Not a property, a sanity check that the comparison is not vacuous (~1 in 10 is accepted).
    expect(accepted).toBeGreaterThan(0);
  });

  test('encodeLink → decodeLink round-trips random scenarios, positions and views', () => {
    fc.assert(
      fc.property(payloadArb, (p) => {
        const checked = validateScenario(p.scenario);
        fc.pre(checked.ok);
        if (!checked.ok) return;
        const view = p.view && Object.keys(p.view).length > 0 ? p.view : undefined;
        const link = encodeLink(p);
        expect(link.startsWith(LINK_PREFIX)).toBe(true);
        expect(decodeChecked(link)).toEqual({
          ok: true,
          payload: {
            scenario: checked.doc,
            ...(p.at ? { at: p.at } : {}),
            ...(view ? { view } : {}),
          },
        });
      }),
      { numRuns: 800 },
    );
  });
});
