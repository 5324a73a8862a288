/** The persistent vector: reads, writes, sharing, sparse iteration, JSON. */
import { describe, expect, test } from 'vitest';
import {
  PVecEditor,
  pvecEmpty,
  pvecForEach,
  pvecFromArray,
  pvecGet,
} from '../../../src/engine/index';

describe('PVec', () => {
  test('set/get across levels, growing as needed', () => {
    const ed = new PVecEditor<number>(pvecEmpty());
    for (const i of [0, 63, 64, 4095, 4096, 262_143, 1_000_000]) ed.set(i, i * 2);
    const v = ed.seal();
    for (const i of [0, 63, 64, 4095, 4096, 262_143, 1_000_000]) expect(pvecGet(v, i)).toBe(i * 2);
    expect(pvecGet(v, 1)).toBeNull();
    expect(pvecGet(v, 5_000_000)).toBeNull();
  });

  test('a sealed vector never changes; a new batch copies only the path it writes', () => {
    const a = pvecFromArray(Array.from({ length: 4096 }, (_, i) => i));
    const ed = new PVecEditor(a);
    ed.set(5, -1);
    const b = ed.seal();
    expect(pvecGet(a, 5)).toBe(5);
    expect(pvecGet(b, 5)).toBe(-1);
    // Untouched subtrees are shared, not copied.
    expect((b.root as unknown[][])[1]).toBe((a.root as unknown[][])[1]);
    expect((b.root as unknown[][])[0]).not.toBe((a.root as unknown[][])[0]);
    // After a seal the next write copies again.
    ed.set(6, -2);
    const c = ed.seal();
    expect(pvecGet(b, 6)).toBe(6);
    expect(pvecGet(c, 6)).toBe(-2);
  });

  test('forEach visits non-empty slots in order, within bounds; null empties a slot', () => {
    const ed = new PVecEditor<string>(pvecEmpty());
    ed.set(3, 'a');
    ed.set(200, 'b');
    ed.set(70, 'c');
    ed.set(70, null);
    const seen: [number, string][] = [];
    pvecForEach(ed.seal(), 0, 201, (i, x) => seen.push([i, x]));
    expect(seen).toEqual([
      [3, 'a'],
      [200, 'b'],
    ]);
  });

  test('round-trips through JSON', () => {
    const v = pvecFromArray([{ x: 1 }, { x: 2 }]);
    const back = JSON.parse(JSON.stringify(v));
    expect(back).toEqual(v);
    expect(pvecGet(back, 1)).toEqual({ x: 2 });
  });
});
