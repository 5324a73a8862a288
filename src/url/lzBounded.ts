/**
 * A bounded decompressor for lz-string's URI-safe format (`compressToEncodedURIComponent`).
 *
 * lz-string's own `decompressFromEncodedURIComponent` builds the whole output before anyone can
 * look at its length, and LZW output can grow quadratically with the input (each code may name
 * the previous entry plus one character), so a 30 kB link could ask for gigabytes. This one
 * stops as soon as the output would pass `maxOutput` characters, reads at most six bits per
 * input character (so it always ends), never throws, and is strict: a stream must end with the
 * end-of-stream code, in its last character, with zero padding — exactly what lz-string's
 * compressor writes. For every string lz-string's compressor produces, the output equals
 * lz-string's (tests/property/linkCodec.property.test.ts).
 *
 * The format: the first 64 characters of `ALPHABET` carry 6 bits each, most significant first; codes are
 * read least significant bit first, `numBits` wide (starting at 2 for the first code, then 3,
 * growing by one each time the dictionary reaches a power of two). Code 0 / 1: a literal of 8 /
 * 16 bits, added to the dictionary; code 2: end of stream; any other code: a dictionary entry,
 * or the entry about to be added (previous entry + its own first character).
 */

export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/**
 * Character code → 6-bit value, -1 for characters the compressor never writes. lz-string's
 * alphabet has a 65th character, `$`, whose value 64 has no bit in a 6-bit reading: lz-string
 * reads it as `A`; it never appears in what the compressor writes, so here it is damage.
 */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export type LzResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'too-large' };

const MALFORMED: LzResult = { ok: false, reason: 'malformed' };
const TOO_LARGE: LzResult = { ok: false, reason: 'too-large' };

/**
 * Decompresses `input` (lz-string URI-safe; a space is read as `+`, as lz-string does).
 * Malformed input → `malformed`; output over `maxOutput` characters → `too-large`, found as soon
 * as the next piece would pass the cap, before it is built.
 */
export function lzDecompressUri(input: string, maxOutput: number): LzResult {
  const n = input.length;
  if (n === 0) return MALFORMED;
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const code = input.charCodeAt(i);
    const v = code === 32 ? 62 : code < 128 ? (VALUE[code] as number) : -1; // ' ' is read as '+'
    if (v < 0) return MALFORMED;
    values[i] = v;
  }
  // Bit reader: `index` is the next character to load, `mask` the next bit of `val` to read.
  let val = values[0] as number;
  let mask = 32;
  let index = 1;
  const read = (width: number): number => {
    let bits = 0;
    for (let power = 1, k = 0; k < width; k++, power *= 2) {
      if ((val & mask) !== 0) bits += power;
      mask >>= 1;
      if (mask === 0) {
        mask = 32;
        val = index < n ? (values[index] as number) : 0;
        index++;
      }
    }
    return bits;
  };
  /** The stream ended properly: in the last character, the remaining bits all zero. */
  const end = (text: string): LzResult =>
    index === n && (val & (mask * 2 - 1)) === 0 ? { ok: true, text } : MALFORMED;

  const first = read(2);
  if (first === 2) return end('');
  if (first !== 0 && first !== 1) return MALFORMED;
  const c0 = String.fromCharCode(read(first === 0 ? 8 : 16));
  if (maxOutput < 1) return TOO_LARGE;

  // Entries 0–2 are the control codes; `heads` keeps each entry's first character so that no
  // long (possibly rope) string is ever indexed.
  const dict: string[] = ['', '', '', c0];
  const heads: string[] = ['', '', '', c0];
  const out: string[] = [c0];
  let outLength = 1;
  let w = c0;
  let wHead = c0;
  let numBits = 3;
  let enlargeIn = 4;
  // Each code takes at least 3 bits and there are 6 per character: the step cap can only be
  // reached by a bug, but it makes "never loops forever" evident.
  const maxSteps = 2 * n + 2;
  for (let step = 0; step < maxSteps; step++) {
    if (index > n) return MALFORMED; // ran out of input before the end-of-stream code
    let c = read(numBits);
    if (c === 2) return end(out.join(''));
    if (c === 0 || c === 1) {
      const lit = String.fromCharCode(read(c === 0 ? 8 : 16));
      c = dict.length;
      dict.push(lit);
      heads.push(lit);
      if (--enlargeIn === 0) {
        enlargeIn = 2 ** numBits;
        numBits++;
      }
    }
    let entry: string;
    let head: string;
    if (c < dict.length) {
      entry = dict[c] as string;
      head = heads[c] as string;
    } else if (c === dict.length) {
      if (outLength + w.length + 1 > maxOutput) return TOO_LARGE;
      entry = w + wHead;
      head = wHead;
    } else {
      return MALFORMED;
    }
    if (outLength + entry.length > maxOutput) return TOO_LARGE;
    out.push(entry);
    outLength += entry.length;
    dict.push(w + head);
    heads.push(wHead);
    w = entry;
    wHead = head;
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  return MALFORMED;
}

/** `LZString.decompressFromEncodedURIComponent` with a cap: null when malformed or too large. */
export function decompressFromEncodedURIComponentBounded(
  input: string,
  maxOutput: number,
): string | null {
  const r = lzDecompressUri(input, maxOutput);
  return r.ok ? r.text : null;
}
