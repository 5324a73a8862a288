/**
 * Hand-made lz-string URI streams for the codec's tests, written bit by bit the way lz-string's
 * compressor writes them (6 bits a character, most significant first; codes least significant
 * bit first; always at least one bit of zero padding after the end-of-stream code).
 */
import { ALPHABET } from '../../../src/url/lzBounded';

export class BitWriter {
  private readonly bits: number[] = [];
  put(value: number, width: number): this {
    for (let i = 0; i < width; i++) this.bits.push((value >> i) & 1);
    return this;
  }
  /** Pads like lz-string's "flush the last char" and returns the characters. */
  finish(): string {
    const bits = [...this.bits, 0];
    while (bits.length % 6 !== 0) bits.push(0);
    let out = '';
    for (let i = 0; i < bits.length; i += 6) {
      let v = 0;
      for (let k = 0; k < 6; k++) v = v * 2 + (bits[i + k] as number);
      out += ALPHABET[v];
    }
    return out;
  }
}

/**
 * A decompression bomb: the literal `ch`, then `codes` codes that each name the entry about to be
 * added (previous output + its first character), so the k-th piece is k+1 characters long and
 * the whole output is (codes+1)(codes+2)/2 characters of `ch`, from about 2.4 input characters
 * per code.
 */
export function repeatBomb(codes: number, ch = 'a'): string {
  const w = new BitWriter().put(0, 2).put(ch.charCodeAt(0), 8);
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  for (let k = 0; k < codes; k++) {
    w.put(dictSize, numBits);
    dictSize++;
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  return w.put(2, numBits).finish();
}

/** Output length of repeatBomb(codes). */
export const bombSize = (codes: number): number => ((codes + 1) * (codes + 2)) / 2;
