import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../../src/app/buildTimeline';
import { frameLabel, getFrame, getPte, type ScenarioDoc } from '../../../../src/engine';
import s4 from '../../../../src/scenarios/library/s4-migrate-to-device-private.json';
import { stageExtent } from '../../../../src/views/geometry/extent';
import { layoutStage } from '../../../../src/views/geometry/stageLayout';
import { inspect, pointersTo } from '../../../../src/views/stage/inspect';
import { changedBoxes, parseInspectKey, targetKey } from '../../../../src/views/stage/inspectKeys';
import { describeStage } from '../../../../src/views/stage/summary';
import { SHORT_DOC } from '../../../../stories/fixtures';

const timeline = buildTimeline(SHORT_DOC);
/** The state after dev.migrate (step 4): pages 0–1 of A are device-private, mirrored by m0. */
const afterMigrate = timeline.frames[timeline.opStarts[5]! - 1]!.world;
const devFrame = getPte(afterMigrate, 'A', 0)!.frame;

describe('inspect', () => {
  test('a device page lists every entry pointing at it, CPU and device', () => {
    const by = pointersTo(afterMigrate, devFrame);
    expect(by.map((l) => l.target)).toEqual([
      { kind: 'pte', proc: 'A', page: 0 },
      { kind: 'dpt', mirror: 'm0', page: 0 },
    ]);
    expect(by[0]!.label).toBe('A page 0 · dev-private RW');
  });

  test("a frame's details show every struct page field under its kernel name, and its pgmap", () => {
    const d = inspect(afterMigrate, { kind: 'frame', index: devFrame });
    expect(d.title).toBe(`struct page ${frameLabel(afterMigrate, devFrame)}`);
    const f = Object.fromEntries(d.fields.map((x) => [x.name, x.value]));
    const page = getFrame(afterMigrate, devFrame);
    expect(f['_refcount']).toBe(String(page.refcount));
    expect(f['_mapcount + 1']).toBe(String(page.mapcount));
    expect(f['zone_device_data']).toBe('m0');
    expect(f['pgmap type']).toBe('MEMORY_DEVICE_PRIVATE');
    expect(f['pgmap owner']).toBe('dev0');
    // Every field of the struct is shown (one per key), plus the three pgmap lines.
    expect(d.fields).toHaveLength(Object.keys(page).length + 3);
    expect(d.pointedBy).toHaveLength(2);
  });

  test('an entry shows its fields, its VMA and where it points', () => {
    const d = inspect(afterMigrate, { kind: 'pte', proc: 'A', page: 1 });
    const f = Object.fromEntries(d.fields.map((x) => [x.name, x.value]));
    expect(f['entry']).toBe('dev-private RW');
    expect(f['VMA']).toBe('0–1 · rw · private');
    expect(d.pointsTo?.target).toEqual({
      kind: 'frame',
      index: getPte(afterMigrate, 'A', 1)!.frame,
    });
    const none = inspect(afterMigrate, { kind: 'pte', proc: 'A', page: 7 });
    expect(none.pointsTo).toBeNull();
    expect(none.fields.find((x) => x.name === 'VMA')?.value).toBe('none (not mapped)');
  });

  test('a device entry shows the mirror: device, process, notifier seq and lock', () => {
    const d = inspect(afterMigrate, { kind: 'dpt', mirror: 'm0', page: 0 });
    const f = Object.fromEntries(d.fields.map((x) => [x.name, x.value]));
    expect(f).toMatchObject({ device: 'dev0', 'mirrors process': 'A', 'dmirror->mutex': 'free' });
    expect(Number(f['notifier seq'])).toBeGreaterThanOrEqual(0);
  });
});

describe('inspect keys', () => {
  test('round-trip between targets and data-inspect keys; junk is refused', () => {
    for (const t of [
      { kind: 'pte', proc: 'A', page: 3 },
      { kind: 'dpt', mirror: 'm0', page: 0 },
      { kind: 'frame', index: 12 },
    ] as const)
      expect(parseInspectKey(targetKey(t))).toEqual(t);
    for (const junk of [null, '', 'frame:x', 'pte:A', 'zz:A:1', 'frame:1:2'])
      expect(parseInspectKey(junk)).toBeNull();
  });

  test("changedBoxes finds where a micro-step's changes are drawn", () => {
    const extent = stageExtent(timeline.frames);
    const layout = layoutStage(extent);
    const ms = timeline.frames.find((f) => (f.microstep?.changed.ptes.length ?? 0) > 0)!.microstep!;
    expect(changedBoxes(ms.changed, layout).length).toBeGreaterThan(0);
    expect(changedBoxes(null, layout)).toEqual([]);
  });
});

describe('describeStage', () => {
  test('sums the stage up in words', () => {
    const text = describeStage(afterMigrate, stageExtent(timeline.frames));
    expect(text).toContain('Process A: 2 dev-private RW.');
    expect(text).toMatch(/dev0 \(private memory\): 2 of 4 pages in use, pgmap ref 3\./);
    expect(text).toMatch(/Mirror m0 of dev0: seq \d+, 2 write\./);
  });
});

describe('GUP references', () => {
  test("a pinned page lists the pin that holds it (S4's DMA pin)", () => {
    const t = buildTimeline(s4 as ScenarioDoc);
    const end = t.frames[t.frames.length - 1]!.world;
    const handle = Object.values(end.gups)[0]!;
    const d = inspect(end, { kind: 'frame', index: handle.frames[0]! });
    expect(d.heldBy).toEqual([
      `${handle.name}: pin_user_pages${handle.longterm ? ' (FOLL_LONGTERM)' : ''} of A page ${handle.start}`,
    ]);
    expect(inspect(end, { kind: 'pte', proc: 'A', page: 0 }).heldBy).toEqual([]);
  });
});
