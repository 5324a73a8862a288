/** The bounded lz-string URI decompressor: same output as lz-string, a cap, strict on damage. */
import LZString from 'lz-string';
import { describe, expect, test } from 'vitest';
import {
  decompressFromEncodedURIComponentBounded as bounded,
  lzDecompressUri,
} from '../../../src/url/lzBounded';
import { BitWriter, bombSize, repeatBomb } from './craft';

const SAMPLES = [
  '',
  'a',
  'hello world hello world hello world',
  'x'.repeat(5000),
  '€ 😀 \u0000 \uffff \ud800 lone surrogate',
  JSON.stringify({ format: 'hmm-lab/scenario@1', steps: [{ op: 'spawn', proc: 'A' }] }),
  Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
];

describe('lzDecompressUri', () => {
  test('equals lz-string on what lz-string compresses', () => {
    for (const s of SAMPLES) {
      const c = LZString.compressToEncodedURIComponent(s);
      expect(LZString.decompressFromEncodedURIComponent(c)).toBe(s);
      expect(bounded(c, 1 << 20)).toBe(s);
    }
  });

  test('the cap is exact: at the length it decodes, one below it is too large', () => {
    for (const s of SAMPLES.filter((x) => x.length > 0)) {
      const c = LZString.compressToEncodedURIComponent(s);
      expect(lzDecompressUri(c, s.length)).toEqual({ ok: true, text: s });
      expect(lzDecompressUri(c, s.length - 1)).toEqual({ ok: false, reason: 'too-large' });
    }
  });

  test('the hand-made bomb is what lz-string writes for a repeated character', () => {
    for (const codes of [0, 1, 2, 3, 10, 100, 300]) {
      const bomb = repeatBomb(codes);
      expect(LZString.decompressFromEncodedURIComponent(bomb)).toBe('a'.repeat(bombSize(codes)));
      expect(bounded(bomb, 1 << 20)).toBe('a'.repeat(bombSize(codes)));
    }
    expect(repeatBomb(300)).toBe(LZString.compressToEncodedURIComponent('a'.repeat(bombSize(300))));
  });

  test('a space is read as "+", as lz-string does', () => {
    const c = LZString.compressToEncodedURIComponent('some text that compresses to a plus sign?');
    const withPlus = ['a', 'b', 'hello+', '~~~~'].map((s) =>
      LZString.compressToEncodedURIComponent(s.repeat(40)),
    );
    for (const x of [c, ...withPlus]) {
      expect(bounded(x.replaceAll('+', ' '), 1 << 20)).toBe(
        LZString.decompressFromEncodedURIComponent(x),
      );
    }
  });

  test('malformed input is null, never an exception', () => {
    const good = LZString.compressToEncodedURIComponent('{"a":"hello hello hello"}');
    const malformed = [
      '', // lz-string: null too
      '!!!',
      `${good}=`,
      `${good.slice(0, 3)}é${good.slice(4)}`,
      good.slice(0, -1), // cut before the end-of-stream code
      good.slice(0, good.length >> 1),
      `${good}A`, // a character after the end
      new BitWriter().put(3, 2).finish(), // first code 3: not a literal
      new BitWriter().put(0, 2).put(97, 8).put(7, 3).put(2, 3).finish(), // names no entry
      'AAAA', // literal U+0000, then zeros and no end
      `${good.slice(0, 2)}$${good.slice(3)}`, // '$' (value 64): never written; lz-string reads 'A'
    ];
    for (const m of malformed)
      expect(lzDecompressUri(m, 1 << 20)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    // The empty stream is 'Q' (end code 2 in two bits, then zeros); 'R' sets a padding bit.
    expect(LZString.compressToEncodedURIComponent('')).toBe('Q');
    expect(bounded('Q', 1 << 20)).toBe('');
    expect(LZString.decompressFromEncodedURIComponent('R')).toBe('');
    expect(bounded('R', 1 << 20)).toBeNull();
  });

  test('a 50 MB bomb stops at the cap, quickly', () => {
    const bomb = repeatBomb(10_000);
    expect(bombSize(10_000)).toBeGreaterThanOrEqual(50_000_000);
    const t0 = performance.now();
    expect(lzDecompressUri(bomb, 1 << 20)).toEqual({ ok: false, reason: 'too-large' });
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
