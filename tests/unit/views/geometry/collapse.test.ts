import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../../../src/engine';
import { collapseRows, rangeKey } from '../../../../src/views/geometry/collapse';
import { stageExtent } from '../../../../src/views/geometry/extent';
import { entryKey, layoutStage } from '../../../../src/views/geometry/stageLayout';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('collapseRows', () => {
  test('a run of untouched rows becomes one range item; short runs stay rows', () => {
    const items = collapseRows('proc:A', range(0, 9), [0, 1, 5, 9], new Set());
    expect(items).toEqual([
      { kind: 'row', index: 0 },
      { kind: 'row', index: 1 },
      { kind: 'range', key: 'proc:A@2', from: 2, to: 4, count: 3, expanded: false },
      { kind: 'row', index: 5 },
      { kind: 'range', key: 'proc:A@6', from: 6, to: 8, count: 3, expanded: false },
      { kind: 'row', index: 9 },
    ]);
    const short = collapseRows('proc:A', range(0, 3), [0, 3], new Set());
    expect(short.every((i) => i.kind === 'row')).toBe(true);
  });

  test('an expanded run keeps its header and shows every row', () => {
    const items = collapseRows('proc:A', range(0, 5), [0], new Set([rangeKey('proc:A', 1)]));
    expect(items[1]).toMatchObject({ kind: 'range', from: 1, to: 5, expanded: true });
    expect(items.slice(2)).toEqual(range(1, 5).map((index) => ({ kind: 'row', index })));
  });

  test('every index appears exactly once as a row or inside one range', () => {
    const indices = range(0, 40);
    const touched = indices.filter((i) => i % 7 === 0 || i % 11 === 3);
    const items = collapseRows('g', indices, touched, new Set());
    const covered = items.flatMap((i) => (i.kind === 'row' ? [i.index] : range(i.from, i.to)));
    expect(covered).toEqual(indices);
  });
});

/** 64 mapped pages of which the scenario only ever touches 2; a device of 16 pages. */
const SPARSE: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Sparse',
  machine: { systemPages: 16, devices: [{ name: 'dev0', memory: 'private', pages: 16 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 64, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 10, count: 2, values: [1, 2] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 10, count: 2 },
  ],
};

describe('large scenarios collapse what nothing touches', () => {
  const timeline = buildTimeline(SPARSE);
  const extent = stageExtent(timeline.frames);

  test('the extent knows which pages and frames some micro-step touched', () => {
    expect(extent.procs[0]!.pages).toHaveLength(64);
    expect(extent.procs[0]!.touched).toEqual([10, 11]);
    const dev = extent.regions.find((r) => r.id === 'dev0')!;
    expect(dev.touched).toHaveLength(2);
  });

  test('the layout draws the touched rows and one range row per untouched run', () => {
    const layout = layoutStage(extent);
    expect(layout.entries.has(entryKey('pte', 'A', 10))).toBe(true);
    expect(layout.entries.has(entryKey('pte', 'A', 3))).toBe(false);
    const procRanges = layout.ranges.filter((r) => r.group === 'proc:A');
    expect(procRanges.map((r) => [r.from, r.to])).toEqual([
      [0, 9],
      [12, 63],
    ]);
    expect(layout.ranges.filter((r) => r.group === 'region:dev0')).toHaveLength(1);
    // Far fewer rows than pages: 2 entries + 2 ranges in A's table.
    expect(layout.procs[0]!.height).toBeLessThan(6 * 30 + 40);
  });

  test('expanding a range gives each of its pages a row, below the range header', () => {
    const key = rangeKey('proc:A', 12);
    const layout = layoutStage(extent, new Set([key]));
    const header = layout.ranges.find((r) => r.key === key)!;
    expect(header.expanded).toBe(true);
    const row = layout.entries.get(entryKey('pte', 'A', 12))!;
    expect(row.y).toBeGreaterThan(header.y);
    expect(layout.entries.has(entryKey('pte', 'A', 63))).toBe(true);
    expect(layout.entries.has(entryKey('pte', 'A', 3))).toBe(false);
  });
});
