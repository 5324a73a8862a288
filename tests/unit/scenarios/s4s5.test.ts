/**
 * src/scenarios/library/s4-migrate-to-device-private.json and s5-cpu-touches-device-page.json
 * reproduce domain.md §6 S4 and S5: they validate, run without an invariant violation, and show
 * the "Observe" values at the right steps and micro-steps.
 *
 * One difference from S4's text, where the kernel wins: the pinned page is not first collected
 * and then restored by migrate_vma_unmap's reference check; mainline's migrate_vma_collect_pmd
 * already leaves it alone (folio_try_share_anon_rmap_pte() fails on a maybe-pinned anonymous
 * page). The counts are the same: npages 4, cpages 3, the pinned page stays put.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  createWorld,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  pvecGet,
  runScenario,
  type ApplyResult,
  type ScenarioDoc,
  type World,
} from '../../../src/engine/index';
import s4raw from '../../../src/scenarios/library/s4-migrate-to-device-private.json';
import s5raw from '../../../src/scenarios/library/s5-cpu-touches-device-page.json';
import { validateScenario } from '../../../src/scenarios/load';

function load(raw: unknown): ScenarioDoc {
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.doc;
}

function runAll(doc: ScenarioDoc): ApplyResult[] {
  let w = createWorld(doc.machine);
  return doc.steps.map((s, i) => {
    const r = applyStep(w, s, i);
    expect(r.violations, `step ${i}`).toEqual([]);
    w = r.world;
    return r;
  });
}

const pte = (w: World, page: number) => {
  const p = getPte(w, 'A', page);
  if (p === null) throw new Error(`A has no entry at ${page}`);
  return p;
};

describe('S4: migrate system pages to DEVICE_PRIVATE memory, one pinned', () => {
  const doc = load(s4raw);
  const runs = runAll(doc);
  const at = (op: string) => runs[doc.steps.findIndex((s) => s.op === op)] as ApplyResult;
  const before = (at('gup.pin') as ApplyResult).world;
  const migrate = at('dev.migrate');
  const after = migrate.world;

  test('has a title and a summary for students', () => {
    expect(doc.title).toMatch(/pinned/);
    expect(doc.summary?.length ?? 0).toBeGreaterThan(300);
  });

  test('initial: v0 written, v1 a hole, v2 pinned (2/1, pincount 1), v3 the zero page', () => {
    expect(pte(before, 0)).toMatchObject({ kind: 'present', write: true, zero: false });
    expect(getPte(before, 'A', 1)).toBeNull();
    expect(getFrame(before, pte(before, 2).frame)).toMatchObject({
      refcount: 2,
      mapcount: 1,
      pincount: 1,
    });
    expect(pte(before, 3)).toMatchObject({ kind: 'present', zero: true });
    expect(getDevice(before, 'dev0')?.pgmap?.refcount).toBe(1);
  });

  test('collect: v0 → migration entry (1/0, locked), v2 left in place; cpages 3 of 4', () => {
    const collect = migrate.microsteps.find((m) => m.fn === 'migrate_vma_collect');
    expect(collect?.narration).toMatch(/cpages = 3/);
    const w = collect!.world;
    const v0 = pte(w, 0);
    expect(v0).toMatchObject({ kind: 'migration', write: true });
    expect(getFrame(w, v0.frame)).toMatchObject({ refcount: 1, mapcount: 0, locked: true });
    expect(pte(w, 2)).toEqual(pte(before, 2));
  });

  test('after finalize: v0, v1, v3 device-private (1/1), v2 unchanged, pgmap 1 + 3', () => {
    for (const page of [0, 1, 3]) {
      const e = pte(after, page);
      expect(e).toMatchObject({ kind: 'devicePrivate', write: true });
      expect(getFrame(after, e.frame)).toMatchObject({ refcount: 1, mapcount: 1, locked: false });
    }
    expect(getFrame(after, pte(after, 0).frame).value).toBe(100);
    expect(pte(after, 2)).toEqual(pte(before, 2));
    expect(getFrame(after, pte(after, 2).frame)).toMatchObject({ refcount: 2, pincount: 1 });
    expect(getFrame(after, pte(before, 0).frame).refcount).toBe(0); // S0 freed
    expect(getDevice(after, 'dev0')?.pgmap?.refcount).toBe(4); // INV-P3
    // The driver's read-back finds no device entry for the pinned page.
    expect(migrate.result).toMatchObject({ ret: -2, errno: 'ENOENT' });
  });
});

describe('S4 through the runner', () => {
  test('the trace lists the pin that is still held', () => {
    const t = runScenario(load(s4raw));
    expect(t.violations).toEqual([]);
    expect(t.final.gups?.['dma']).toMatchObject({
      proc: 'A',
      page: 2,
      count: 1,
      pin: true,
      longterm: false,
    });
    expect(t.final.frames[t.final.gups?.['dma']?.frames[0] ?? '']).toMatchObject({
      refcount: 2,
      mapcount: 1,
      pincount: 1,
      value: 102,
    });
  });
});

describe('S5: the CPU touches a DEVICE_PRIVATE page (migrate_to_ram)', () => {
  const doc = load(s5raw);
  const runs = runAll(doc);
  const fault = runs[runs.length - 1] as ApplyResult;
  const before = (runs[runs.length - 2] as ApplyResult).world;
  const d0 = pte(before, 0).frame;

  test('is S4 plus one CPU access, with a title and a summary', () => {
    const s4 = load(s4raw);
    expect(doc.steps.slice(0, -1)).toEqual(s4.steps);
    expect(doc.summary?.length ?? 0).toBeGreaterThan(300);
  });

  test('do_swap_page locks D0 and takes the fault reference: 2/1', () => {
    const first = fault.microsteps.find((m) => m.fn === 'do_swap_page');
    expect(getFrame(first!.world, d0)).toMatchObject({ refcount: 2, mapcount: 1, locked: true });
  });

  test('observe: v0 present{S5,W} holding 100, D0 free (0), pgmap 3, DPT(v0) gone', () => {
    expect(fault.result).toMatchObject({ ret: 0, data: [100] });
    const w = fault.world;
    const v0 = pte(w, 0);
    expect(v0).toMatchObject({ kind: 'present', write: true });
    expect(getFrame(w, v0.frame)).toMatchObject({ zone: 'normal', refcount: 1, value: 100 });
    expect(getFrame(w, d0).refcount).toBe(0);
    expect(getDevice(w, 'dev0')?.pgmap?.refcount).toBe(3);
    expect(pvecGet(getMirror(w, 'gpu0')!.pt, 0)).toBeNull();
    // page_free happens in do_swap_page's final put, after migrate_to_ram returned.
    const last = fault.microsteps.filter((m) => m.fn === 'do_swap_page').at(-1);
    expect(last?.narration).toMatch(/page_free/);
  });
});
