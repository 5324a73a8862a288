import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../../src/app/buildTimeline';
import { getPte } from '../../../../src/engine';
import { stageExtent, type StageExtent } from '../../../../src/views/geometry/extent';
import { cpuLinkPath, devLinkPath } from '../../../../src/views/geometry/links';
import { entryKey, layoutStage, STAGE, type Box } from '../../../../src/views/geometry/stageLayout';
import { SHORT_DOC } from '../../../../stories/fixtures';

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('stageExtent', () => {
  const timeline = buildTimeline(SHORT_DOC);
  const extent = stageExtent(timeline.frames);

  test('collects every page a process or mirror ever has, and every frame ever used', () => {
    expect(extent.procs).toEqual([{ name: 'A', pages: [0, 1], touched: [0, 1] }]);
    expect(extent.mirrors).toEqual([
      { name: 'm0', device: 'dev0', proc: 'A', pages: [0, 1], touched: [0, 1] },
    ]);
    const sys = extent.regions.find((r) => r.id === 'sys')!;
    // Every system frame any PTE of A points at, at any time, has a row.
    const pointedAt = new Set<number>();
    for (const f of timeline.frames)
      for (const page of [0, 1]) {
        const pte = getPte(f.world, 'A', page);
        if (pte && pte.frame < f.world.systemPages) pointedAt.add(pte.frame);
      }
    expect(pointedAt.size).toBeGreaterThanOrEqual(2);
    expect(sys.frames).toEqual([...pointedAt].sort((a, b) => a - b));
    const dev = extent.regions.find((r) => r.id === 'dev0')!;
    expect(dev.kind).toBe('private');
    expect(dev.frames).toHaveLength(4); // all device frames, free ones included
  });

  test('is the same whichever frame of the timeline is on screen (the layout never jumps)', () => {
    const first = stageExtent(timeline.frames);
    const reversed = stageExtent([...timeline.frames].reverse());
    expect(reversed.procs).toEqual(first.procs);
    expect(reversed.regions.map((r) => r.frames)).toEqual(first.regions.map((r) => r.frames));
  });
});

describe('layoutStage', () => {
  const extent: StageExtent = {
    procs: [
      { name: 'A', pages: [0, 1, 2], touched: [0, 1, 2] },
      { name: 'B', pages: [5], touched: [5] },
    ],
    mirrors: [{ name: 'm0', device: 'dev0', proc: 'A', pages: [0, 2], touched: [0, 2] }],
    regions: [
      { id: 'sys', kind: 'system', frames: [0, 1, 2, 3], touched: [0, 1, 2, 3] },
      { id: 'dev0', kind: 'private', frames: [10, 11], touched: [] },
    ],
  };
  const layout = layoutStage(extent);

  test('CPU tables left, memory in the middle, device tables right', () => {
    const cpu = layout.entries.get(entryKey('pte', 'A', 0))!;
    const frame = layout.frames.get(0)!;
    const dev = layout.entries.get(entryKey('dpt', 'm0', 0))!;
    expect(cpu.x + cpu.width).toBeLessThan(frame.x);
    expect(frame.x + frame.width).toBeLessThan(dev.x);
    expect(layout.width).toBeGreaterThan(dev.x + dev.width);
  });

  test('every row has a place, inside its group, and no two rows overlap', () => {
    expect(layout.entries.size).toBe(3 + 1 + 2);
    expect(layout.frames.size).toBe(6);
    const all = [...layout.entries.values(), ...layout.frames.values()];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!)).toBe(false);
    const groupA = layout.procs[0]!;
    const row = layout.entries.get(entryKey('pte', 'A', 2))!;
    expect(row.y + row.height).toBeLessThanOrEqual(groupA.y + groupA.height);
    expect(layout.procs[1]!.y).toBeGreaterThanOrEqual(groupA.y + groupA.height + STAGE.gapY);
    expect(layout.height).toBeGreaterThan(layout.regions[1]!.y + layout.regions[1]!.height);
  });

  test('device regions are titled with their memory kind', () => {
    expect(layout.regions.map((r) => r.title)).toEqual(['System RAM', 'dev0 · private']);
  });

  test('arrows run from the edge of an entry to the edge of its frame', () => {
    const e = { x: 0, y: 0, width: 100, height: 20 };
    const f = { x: 300, y: 100, width: 100, height: 20 };
    expect(cpuLinkPath(e, f)).toMatch(/^M100,10C.*,300,110$/);
    const d = { x: 600, y: 0, width: 100, height: 20 };
    expect(devLinkPath(d, f)).toMatch(/^M600,10C.*,400,110$/);
  });
});
