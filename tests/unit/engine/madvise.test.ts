/**
 * `madvise` (MADV_PAGEOUT / MADV_COLD) on the fixed kernel: system pages are isolated and put
 * back unchanged (no swap device), the zero page and device pages are skipped, every refcount
 * ends where it started, and the op machine gives applyStep()'s answer. The buggy kernel (B8) is
 * in tests/unit/history/bugToggles2.test.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  getFrame,
  pvecForEach,
  type Frame,
  type Step,
  type World,
} from '../../../src/engine/index';
import { runOpMachine } from '../../../src/machines/runOp';
import { validateScenario } from '../../../src/scenarios/load';
import { decodeScenario, encodeScenario } from '../../../src/url/codec';
import { build, frameAt, pte } from './helpers';

/** A: pages 0–1 system (10, 11), page 2 the zero page, page 3 on dev2 (coherent), mirror m0. */
function world(): World {
  return build([
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [10, 11] },
    { op: 'cpu.read', proc: 'A', page: 2, count: 1 },
    { op: 'cpu.write', proc: 'A', page: 3, count: 1, value: 13 },
    { op: 'mirror.open', proc: 'A', device: 'dev2', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 3, count: 1 },
  ]);
}

const madvise = (advice: 'PAGEOUT' | 'COLD', page = 0, count = 4): Step => ({
  op: 'madvise',
  proc: 'A',
  page,
  count,
  advice,
});

function frames(w: World): Frame[] {
  const out: Frame[] = [];
  pvecForEach(w.frames, 0, Infinity, (_, f) => out.push(f));
  return out;
}

describe('madvise on the fixed kernel', () => {
  test.each(['PAGEOUT', 'COLD'] as const)('%s: every page stays put, refcounts unchanged', (a) => {
    const w = world();
    const r = applyStep(w, madvise(a), 7);
    expect(r.result).toMatchObject({ ret: 0, errno: null });
    expect(r.violations).toEqual([]);
    expect(frames(r.world)).toEqual(frames(w));
    for (const page of [0, 1, 2, 3]) expect(pte(r.world, page)).toEqual(pte(w, page));
  });

  test('PAGEOUT isolates system pages (one reference more, off the LRU), reclaim puts them back', () => {
    const w = world();
    const r = applyStep(w, madvise('PAGEOUT'), 7);
    expect(r.microsteps.map((m) => m.fn)).toEqual([
      'madvise_cold_or_pageout_pte_range',
      'reclaim_pages',
    ]);
    const sys = pte(w, 0).frame;
    const isolated = getFrame(r.microsteps[0]!.world, sys);
    expect(isolated).toMatchObject({ lru: false, refcount: 2, value: 10 });
    expect(getFrame(r.world, sys)).toMatchObject({ lru: true, refcount: 1, value: 10 });
    expect(r.microsteps[1]!.narration).toMatch(/no swap device/);
    expect(r.microsteps[1]!.narration).toMatch(/pages 0–1 keep the same frame/);
  });

  test('the zero page and the device-coherent page are skipped, and say why', () => {
    const r = applyStep(world(), madvise('PAGEOUT'), 7);
    const walk = r.microsteps[0]!.narration;
    expect(walk).toMatch(/page 2: the zero page \(vm_normal_page\(\) is NULL\), skipped/);
    expect(walk).toMatch(
      /page 3: device memory \(is_zone_device_page\(\): on no LRU list\), skipped/,
    );
    const dev = frameAt(r.world, 3);
    expect(dev).toMatchObject({ zone: 'device', lru: false, refcount: 1, value: 13 });
    expect(dev.pgmap).toMatch(/^dev2#/);
  });

  test('only the device page in range: nothing is isolated, no reclaim', () => {
    const r = applyStep(world(), madvise('PAGEOUT', 3, 1), 7);
    expect(r.microsteps.map((m) => m.fn)).toEqual(['madvise_cold_or_pageout_pte_range']);
  });

  test('a page shared after fork (mapcount 2) is left alone', () => {
    const w = applyStep(world(), { op: 'fork', proc: 'A', child: 'B' }, 7).world;
    const r = applyStep(w, madvise('PAGEOUT', 0, 1), 8);
    expect(r.microsteps[0]!.narration).toMatch(/page 0: shared with another mapping, skipped/);
    expect(frames(r.world)).toEqual(frames(w));
  });

  test('-ENOMEM for a range not entirely mapped (the mapped part is advised), -ESRCH without a process', () => {
    const r = applyStep(world(), madvise('PAGEOUT', 2, 4), 7);
    expect(r.result).toMatchObject({ ret: -12, errno: 'ENOMEM' });
    expect(r.microsteps[0]!.narration).toMatch(/page 2: the zero page/);
    expect(applyStep(world(), { ...madvise('COLD'), proc: 'Z' }, 7).result.errno).toBe('ESRCH');
  });

  test('the op machine (applyStepMachine) gives what applyStep gives', () => {
    const w = world();
    for (const s of [madvise('PAGEOUT'), madvise('COLD'), madvise('PAGEOUT', 2, 4)]) {
      const a = applyStep(w, s, 7);
      const b = runOpMachine(w, s, 7);
      expect(b.result).toEqual(a.result);
      expect(JSON.stringify(b.world)).toBe(JSON.stringify(a.world));
    }
  });
});

describe('madvise in the document', () => {
  const doc = {
    format: 'hmm-lab/scenario@1',
    title: 't',
    machine: { systemPages: 4, devices: [] },
    steps: [{ op: 'spawn', proc: 'A' }, madvise('PAGEOUT', 0, 1)],
  };
  test('validates, refuses an unknown advice at its path, and rides in a link', () => {
    expect(validateScenario(doc).ok).toBe(true);
    const bad = { ...doc, steps: [doc.steps[0], { ...madvise('COLD'), advice: 'FREE' }] };
    const r = validateScenario(bad);
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'steps[1].advice: expected "PAGEOUT" or "COLD"',
    ]);
    const back = decodeScenario(encodeScenario(doc as never));
    expect(back.ok && back.doc.steps).toEqual(doc.steps);
  });
});
