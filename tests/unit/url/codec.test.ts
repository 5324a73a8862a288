/**
 * The link codec v1: `#s=1.` + lz-string of `{"v":1,"s":doc,"at":n,"view":{…}}`; old bare-doc
 * links still open; every failure is a LinkError of a known kind; bounded in size and time.
 */
import LZString from 'lz-string';
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc } from '../../../src/engine/trace';
import defaultDoc from '../../../src/scenarios/default.json';
import { validateScenario } from '../../../src/scenarios/load';
import {
  FRAGMENT_PREFIX,
  LINK_PREFIX,
  linkCheck,
  MAX_FRAGMENT_LENGTH,
  MAX_JSON_LENGTH,
  decodeLink,
  decodeScenario,
  encodeLink,
  encodeScenario,
  type LinkErrorKind,
  type LinkPayload,
} from '../../../src/url/codec';
import { packScenario } from '../../../src/url/compact';
import { ALPHABET } from '../../../src/url/lzBounded';
import { bombSize, repeatBomb } from './craft';

/** The default scenario as a link carries it: without `about` (the library's words about it). */
const doc = (() => {
  const r = validateScenario(defaultDoc);
  if (!r.ok) throw new Error('default scenario invalid');
  const { about: _about, ...rest } = r.doc;
  return rest;
})();

/** A link around any JSON value, with its check, as a crafted link would be. */
const raw = (value: unknown): string => {
  const body = LZString.compressToEncodedURIComponent(JSON.stringify(value));
  return `${LINK_PREFIX}${body}.${linkCheck(body)}`;
};
/** A link as made before links were versioned: a bare document, no check. */
const rawOld = (value: unknown): string =>
  LINK_PREFIX + LZString.compressToEncodedURIComponent(JSON.stringify(value));

/** The payload JSON inside a link. */
const inside = (link: string): unknown =>
  JSON.parse(
    LZString.decompressFromEncodedURIComponent(link.slice(LINK_PREFIX.length).split('.')[0]!) ?? '',
  );

function expectKind(fragment: string, kind: LinkErrorKind) {
  const r = decodeLink(fragment);
  expect(r.ok).toBe(false);
  if (r.ok) return undefined;
  expect(r.error.kind).toBe(kind);
  expect(r.error.message).toMatch(/^[A-Z][^\n]*\.$/); // one plain sentence
  return r.error;
}

describe('encodeLink / decodeLink', () => {
  test('round trip with position and view, with or without "#"', () => {
    const p: LinkPayload = {
      scenario: doc,
      at: 17,
      view: { zoom: 1.5, expanded: ['proc:A', 'dev:d0'], pinned: 'frame:3', speed: 2 },
    };
    const link = encodeLink(p);
    expect(link).toMatch(/^#s=1\.[A-Za-z0-9+-]+\.[0-9a-z]{7}$/);
    expect(inside(link)).toEqual({ v: 1, ...packScenario(doc), at: 17, view: p.view });
    expect(decodeLink(link)).toEqual({ ok: true, payload: p });
    expect(decodeLink(link.slice(1))).toEqual({ ok: true, payload: p });
    expect(decodeLink(encodeLink({ scenario: doc, view: { zoom: 'fit' } }))).toEqual({
      ok: true,
      payload: { scenario: doc, view: { zoom: 'fit' } },
    });
  });

  test('defaults are left out; encodeScenario is encodeLink({scenario})', () => {
    const plain = encodeLink({ scenario: doc });
    expect(inside(plain)).toEqual({ v: 1, ...packScenario(doc) });
    // `about` is not carried: the link holds what plays.
    expect(encodeLink({ scenario: { ...doc, about: { topic: 'migration' } } })).toBe(plain);
    expect(encodeLink({ scenario: doc, at: 0, view: {} })).toBe(plain);
    expect(encodeLink({ scenario: doc, view: { zoom: 99, speed: 9 } })).toBe(plain);
    expect(encodeScenario(doc)).toBe(plain);
    expect(FRAGMENT_PREFIX).toBe(LINK_PREFIX);
    expect(decodeLink(plain)).toEqual({ ok: true, payload: { scenario: doc } });
    expect(() => encodeLink({ scenario: doc, at: -1 })).toThrow(RangeError);
    expect(() => encodeLink({ scenario: doc, at: 1.5 })).toThrow(RangeError);
  });

  test('old links (a bare scenario document) still open', () => {
    const old = rawOld(doc);
    expect(decodeLink(old)).toEqual({ ok: true, payload: { scenario: doc } });
    expect(decodeScenario(old)).toEqual({ ok: true, doc });
  });

  test('decodeScenario keeps the old result shape', () => {
    expect(decodeScenario(encodeLink({ scenario: doc, at: 3 }))).toEqual({ ok: true, doc });
    const bad = decodeScenario(encodeScenario({ ...doc, steps: [{ op: 'spawn', proc: '1x' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.path).toBe('steps[0].proc');
    const long = decodeScenario(`#s=1.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`);
    expect(long.ok).toBe(false);
    if (!long.ok)
      expect(long.errors).toEqual([{ path: '', message: expect.stringMatching(/too long/) }]);
  });

  test('not-a-link: another prefix, or nothing at all', () => {
    for (const f of ['', '#', '#x=1.abc', 'hello', '#s=1', '#s=abc', '#S=1.abc', '#s=0.abc']) {
      expectKind(f, 'not-a-link');
    }
  });

  test('too-long: refused before decompressing', () => {
    const e = expectKind(`#s=1.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`, 'too-long');
    expect(e?.message).toMatch(/too long/);
    expect(MAX_FRAGMENT_LENGTH).toBe(32_768);
    // Just under the limit, the same characters are read (and found damaged).
    expectKind(`#s=1.${'A'.repeat(MAX_FRAGMENT_LENGTH - 6)}`, 'damaged');
  });

  test('damaged: truncated, one character changed, foreign characters, not JSON', () => {
    const link = encodeLink({ scenario: doc, at: 5 });
    expectKind(link.slice(0, link.length >> 1), 'damaged');
    expectKind(link.slice(0, -2), 'damaged');
    // The first character holds the first code and the low bits of the opening "{".
    const rest = link.slice(LINK_PREFIX.length + 1);
    for (const ch of ALPHABET.replace(link[LINK_PREFIX.length] ?? '', '')) {
      expectKind(LINK_PREFIX + ch + rest, 'damaged');
    }
    // Anywhere else: the check catches it (lz-string alone would open many such links as a
    // slightly different scenario).
    const kinds = new Map<string, number>();
    for (let i = LINK_PREFIX.length; i < link.length; i += 7) {
      const changed = `${link.slice(0, i)}${link[i] === 'Q' ? 'w' : 'Q'}${link.slice(i + 1)}`;
      const r = decodeLink(changed);
      const k = r.ok ? 'ok' : r.error.kind;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    expect([...kinds.keys()]).toEqual(['damaged']);
    for (const f of ['#s=1.', '#s=1.!!!', '#s=1.AAAA', '#s=1.$', `${link}%20`, `${link}&x=1`]) {
      expectKind(f, 'damaged');
    }
    expectKind(LINK_PREFIX + LZString.compressToEncodedURIComponent('{"v":1,'), 'damaged');
    for (const v of [null, 42, 'text', [doc]]) expectKind(raw(v), 'damaged');
  });

  test('newer-version: v above 1, or a newer prefix', () => {
    const e = expectKind(raw({ v: 2, s: doc }), 'newer-version');
    expect(e?.message).toMatch(/newer version of HMM Lab/);
    expectKind(raw({ v: 7, whatever: true }), 'newer-version');
    expectKind('#s=2.AAAA', 'newer-version');
  });

  test('invalid: position, version, missing or broken scenario', () => {
    for (const at of [-1, 1.5, '3', null, 2 ** 60]) {
      expectKind(raw({ v: 1, s: doc, at }), 'invalid');
    }
    for (const v of [0, '1', null]) expectKind(raw({ v, s: doc }), 'invalid');
    expectKind(raw({ s: doc }), 'invalid'); // no v, no format
    const e = expectKind(
      raw({ v: 1, s: { ...doc, steps: [{ op: 'spawn', proc: '1x' }] } }),
      'invalid',
    );
    expect(e?.errors?.[0]?.path).toBe('steps[0].proc');
    expect(e?.message).toBe('The scenario in this link is not valid (1 problem).');
    expect(expectKind(raw({ v: 1 }), 'invalid')?.errors?.length).toBeGreaterThan(0);
    expect(expectKind(raw({ ...doc, format: 'other' }), 'invalid')?.errors?.length).toBeGreaterThan(
      0,
    );
  });

  test('invalid view fields are dropped, the link still opens', () => {
    const open = (view: unknown) => {
      const r = decodeLink(raw({ v: 1, s: doc, at: 2, view }));
      expect(r.ok).toBe(true);
      return r.ok ? r.payload.view : undefined;
    };
    expect(open('big')).toBeUndefined();
    expect(open([1])).toBeUndefined();
    expect(open({ zoom: 0.25, speed: 0 })).toEqual({ zoom: 0.25, speed: 0 });
    expect(open({ zoom: 4, speed: 5 })).toEqual({ zoom: 4, speed: 5 });
    const bad = {
      zoom: [0.2, 4.01, 'big', NaN, null],
      expanded: ['proc:A', ['x'.repeat(101)], Array.from({ length: 201 }, (_, i) => `p${i}`), [1]],
      pinned: [3, 'x'.repeat(101), null],
      speed: [-1, 6, 2.5, '2'],
    };
    for (const [key, values] of Object.entries(bad)) {
      for (const value of values) {
        expect(open({ pinned: 'ok', other: 1, [key]: value })).toEqual(
          key === 'pinned' ? undefined : { pinned: 'ok' },
        );
      }
    }
    expect(
      open({ expanded: Array.from({ length: 200 }, () => 'x'.repeat(100)) })?.expanded,
    ).toHaveLength(200);
  });

  test('a decompression bomb (≥ 50 MB) is refused quickly', () => {
    const codes = 12_000;
    expect(bombSize(codes)).toBeGreaterThanOrEqual(50_000_000);
    const bomb = LINK_PREFIX + repeatBomb(codes);
    expect(bomb.length).toBeLessThanOrEqual(MAX_FRAGMENT_LENGTH);
    const t0 = performance.now();
    const e = expectKind(bomb, 'too-large');
    expect(performance.now() - t0).toBeLessThan(200);
    expect(e?.message).toMatch(/too large/);
    // Just over and just under the JSON cap.
    let under = 2000;
    while (bombSize(under) > MAX_JSON_LENGTH) under--;
    expectKind(LINK_PREFIX + repeatBomb(under + 1), 'too-large');
    expectKind(LINK_PREFIX + repeatBomb(under), 'damaged'); // decompresses, but is not JSON
  });

  test('HTML and script in the text come back as the same plain strings', () => {
    const hostile: ScenarioDoc = {
      ...doc,
      title: '<script>alert("x")</script><img src=x onerror=alert(1)>',
      summary: '</textarea>&lt;b&gt; &amp; "quotes" \'apos\' javascript:alert(1) \u2028\u2029 ${x}',
    };
    const r = decodeLink(encodeLink({ scenario: hostile, view: { pinned: '<b>pin</b>' } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.scenario.title).toBe(hostile.title);
    expect(r.payload.scenario.summary).toBe(hostile.summary);
    expect(r.payload.view).toEqual({ pinned: '<b>pin</b>' });
  });
});
