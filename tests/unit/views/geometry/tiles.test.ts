import { describe, expect, test } from 'vitest';
import { STAGE } from '../../../../src/views/geometry/stageLayout';
import { TILE, TileBins, tileFor } from '../../../../src/views/geometry/tiles';

const row = (x: number, y: number) => ({ x, y, width: 218, height: STAGE.row - 4 });

describe('tiles', () => {
  test('rows of one column and band share a tile; the next band or column does not', () => {
    expect(tileFor(row(22, 10)).key).toBe(tileFor(row(22, TILE - 1)).key);
    expect(tileFor(row(22, TILE)).key).not.toBe(tileFor(row(22, 10)).key);
    expect(tileFor(row(400, 10)).key).not.toBe(tileFor(row(22, 10)).key);
  });

  test('a tile contains every row whose top falls in its band, whole', () => {
    for (const y of [0, 17, TILE - 1, TILE, 5 * TILE + 29]) {
      const r = row(22, y);
      const t = tileFor(r);
      expect(t.x).toBeLessThan(r.x);
      expect(t.x + t.width).toBeGreaterThan(r.x + r.width);
      expect(t.y).toBeLessThan(r.y);
      expect(t.y + t.height).toBeGreaterThan(r.y + r.height);
    }
  });

  test('bins keep the order rows were added in', () => {
    const bins = new TileBins<string>();
    bins.add(row(22, 0), 'a');
    bins.add(row(400, 0), 'b');
    bins.add(row(22, 30), 'c');
    expect([...bins.bins.values()].map((b) => b.items)).toEqual([['a', 'c'], ['b']]);
  });
});
