import { describe, expect, test } from 'vitest';
import { alignTimelines, firstDivergence, rowStarts } from '../../../src/app/compare/align';
import { diffWorlds } from '../../../src/app/compare/diffWorld';
import { toggleReason } from '../../../src/app/compare/explain';
import { compareRuns, defaultChoices, withKernel } from '../../../src/app/compare/runs';
import { buildTimeline } from '../../../src/app/buildTimeline';
import {
  DEFAULT_CONFIG,
  PVecEditor,
  getFrame,
  kernelConfig,
  type World,
} from '../../../src/engine';
import type { Timeline } from '../../../src/views/timeline';
import { FIXED_CHOICE, eraChoice } from '../../../src/views/kernel/kernelSpec';
import { SHORT_DOC } from '../../../stories/fixtures';
import RELEASE_HANG from '../../../src/scenarios/library/s9-release-hang.json';
import type { ScenarioDoc } from '../../../src/engine';

/** A copy of `t` whose states from frame `from` on give `frame` another refcount. */
function tamper(t: Timeline, from: number, frame: number): Timeline {
  return {
    opStarts: t.opStarts,
    frames: t.frames.map((f, i) => {
      if (i < from) return f;
      const ed = new PVecEditor(f.world.frames);
      const old = getFrame(f.world, frame);
      ed.set(frame, { ...old, refcount: old.refcount + 5 });
      const world: World = { ...f.world, frames: ed.seal() };
      return { ...f, world };
    }),
  };
}

/** A copy of `t` where step `step` has `extra` more micro-steps (its last frame repeated). */
function stretch(t: Timeline, step: number, extra: number): Timeline {
  const end = (t.opStarts[step + 1] ?? t.frames.length) - 1;
  const frames = [...t.frames];
  frames.splice(end + 1, 0, ...Array.from({ length: extra }, () => ({ ...t.frames[end]! })));
  const opStarts = t.opStarts.map((s, i) => (i > step ? s + extra : s));
  return { frames, opStarts };
}

const BASE = buildTimeline(SHORT_DOC);

describe('alignment', () => {
  test('same timeline: one row per frame, none held', () => {
    const rows = alignTimelines(BASE, BASE);
    expect(rows).toHaveLength(BASE.frames.length);
    expect(rows.every((r, i) => r.left === i && r.right === i && !r.leftHeld && !r.rightHeld)).toBe(
      true,
    );
    expect(rowStarts(rows)).toEqual(BASE.opStarts);
  });

  test('a pane with fewer micro-steps in a step holds its last frame, then both go on together', () => {
    const longer = stretch(BASE, 4, 3);
    const rows = alignTimelines(BASE, longer);
    expect(rows).toHaveLength(longer.frames.length);
    const step4 = rows.filter((r) => r.step === 4);
    const lastLeft = (BASE.opStarts[5] ?? BASE.frames.length) - 1;
    expect(step4.at(-1)).toMatchObject({ left: lastLeft, leftHeld: true, rightHeld: false });
    expect(step4.filter((r) => r.leftHeld)).toHaveLength(3);
    // Step 5 starts on the same row for both.
    const start5 = rows.find((r) => r.step === 5)!;
    expect(start5).toMatchObject({ left: BASE.opStarts[5], right: longer.opStarts[5], micro: 0 });
  });

  test('an empty run (the engine failed) leaves its side null', () => {
    const rows = alignTimelines(BASE, { frames: [], opStarts: [] });
    expect(rows[0]).toMatchObject({ left: 0, right: null });
    expect(firstDivergence(rows, BASE, { frames: [], opStarts: [] })).toBeNull();
  });
});

describe('first divergence', () => {
  test('identical kernels: no divergence', () => {
    const rows = alignTimelines(BASE, BASE);
    expect(firstDivergence(rows, BASE, buildTimeline(SHORT_DOC))).toBeNull();
    expect(compareRuns(SHORT_DOC, FIXED_CHOICE, FIXED_CHOICE).divergence).toBeNull();
  });

  test('states that part at a known frame: that row, and the entity that differs', () => {
    const at = BASE.opStarts[4]! + 1; // inside dev.migrate
    const other = tamper(BASE, at, 2);
    const rows = alignTimelines(BASE, other);
    const d = firstDivergence(rows, BASE, other);
    expect(d?.row).toBe(at);
    expect(rows[d!.row]!.step).toBe(4);
    expect(d?.entities).toEqual([
      expect.objectContaining({
        kind: 'frame',
        label: 'sys:2',
        left: expect.stringMatching(/^refcount \d+$/),
      }),
    ]);
  });

  test('the diff names page-table entries, mirrors and devices as the reader sees them', () => {
    const before = BASE.frames[BASE.opStarts[4]! - 1]!.world; // before dev.migrate
    const after = BASE.frames[BASE.opStarts[5]! - 1]!.world; // after it
    const labels = diffWorlds(before, after).map((e) => `${e.kind} ${e.label}`);
    expect(labels).toEqual(
      expect.arrayContaining(['pte A · page 0', 'device dev0', 'frame dev0:0']),
    );
    const pte = diffWorlds(before, after).find((e) => e.label === 'A · page 0')!;
    expect(pte.left).toMatch(/^present sys:\d+ RW$/);
    expect(pte.right).toBe('device-private dev0:0 RW');
    expect(diffWorlds(after, after)).toEqual([]);
  });

  test('a halted kernel differs from a running one', () => {
    const w = BASE.frames[1]!.world;
    const halted: World = { ...w, halted: { kind: 'hang', invariant: 'INV-P7', message: 'x' } };
    expect(diffWorlds(w, halted)).toEqual([
      { kind: 'kernel', label: 'kernel', left: 'running', right: 'halted: hang' },
    ]);
  });
});

describe('a buggy kernel against the fixed one (S9: release without eviction)', () => {
  const doc = RELEASE_HANG as ScenarioDoc;
  const { left, right } = defaultChoices(doc);
  const cmp = compareRuns(doc, left, right);

  test('the left pane runs the scenario kernel, the right the fixed one', () => {
    expect(left.fixes.FIX_EVICT_ON_RELEASE).toBe(false);
    expect(right).toEqual(FIXED_CHOICE);
  });

  test('they part inside dev.release, where the fixed driver evicts and the buggy one does not', () => {
    const d = cmp.divergence!;
    const release = doc.steps.findIndex((s) => s.op === 'dev.release');
    expect(cmp.rows[d.row]!.step).toBe(release);
    // Every row before is the same state on both sides.
    for (let i = 0; i < d.row; i++) {
      const r = cmp.rows[i]!;
      expect(
        diffWorlds(
          cmp.left.timeline.frames[r.left!]!.world,
          cmp.right.timeline.frames[r.right!]!.world,
        ),
      ).toEqual([]);
    }
    expect(d.entities.map((e) => e.label)).toContain('dev0');
  });

  test('the reason is the hang of the buggy kernel, with its invariant', () => {
    expect(cmp.divergence!.reason).toMatchObject({
      source: 'outcome',
      side: 'left',
      invariant: 'INV-P7',
    });
    expect(cmp.left.timeline.frames.some((f) => f.microstep?.outcome?.kind === 'hang')).toBe(true);
    expect(cmp.right.timeline.frames.some((f) => f.microstep?.outcome)).toBe(false);
  });

  test('the same kernel on both sides: no divergence', () => {
    expect(compareRuns(doc, left, left).divergence).toBeNull();
  });
});

describe('kernels', () => {
  test('defaults: the scenario kernel on the left; fixed on the right when it is buggy', () => {
    const buggy = withKernel(SHORT_DOC, {
      ...FIXED_CHOICE,
      fixes: { ...FIXED_CHOICE.fixes, FIX_EVICT_ON_RELEASE: false },
    });
    expect(buggy.machine.kernel).toEqual({
      era: 'ERA_C_FIXED',
      fixes: { FIX_EVICT_ON_RELEASE: false },
    });
    expect(defaultChoices(buggy).right).toEqual(FIXED_CHOICE);
    const fixed = defaultChoices(SHORT_DOC);
    expect(fixed.left).toEqual(FIXED_CHOICE);
    expect(fixed.right.era).toBe('ERA_B_NOBIAS_BROKEN');
    expect(Object.values(fixed.right.fixes).every((on) => !on)).toBe(true);
    expect('kernel' in withKernel(buggy, FIXED_CHOICE).machine).toBe(false);
  });

  test('without a broken rule, the reason is the first fix that differs', () => {
    const off = kernelConfig({ fixes: { FIX_TRY_TO_MIGRATE_KEEPS_WRITE: false } });
    expect(toggleReason(DEFAULT_CONFIG, off)).toMatchObject({ source: 'fix', invariant: 'INV-T7' });
    expect(toggleReason(DEFAULT_CONFIG, DEFAULT_CONFIG)).toBeNull();
    // Different eras differ from the first state on: their refcount rules are the reason.
    expect(
      toggleReason(DEFAULT_CONFIG, kernelConfig({ era: 'ERA_B_NOBIAS_BROKEN' })),
    ).toMatchObject({
      invariant: 'INV-P1',
    });
    expect(eraChoice('ERA_A_BIASED').fixes.FIX_FAULT_PAGE_REF).toBe(false);
  });
});
