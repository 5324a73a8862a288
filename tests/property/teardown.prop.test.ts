/**
 * Nothing leaks, nothing is freed twice (issue #5): after a random document over every op
 * (fork, exit, GUP, device-exclusive, migration across two processes and two devices), close
 * every open mirror, release every GUP handle and exit every live process — in either order —
 * and the machine is back where it started: every system page free (refcount, mapcount and
 * pincount 0) and on the buddy list exactly once, the zero page with its one reference, every
 * device page back on its driver's free list exactly once, every live pgmap at its base
 * reference, no GUP handle, no mirror, no page-table entry — with no invariant violated on
 * the way. Documents stop short of a test_hmm limitation (limitation.ts).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  checkWorld,
  createWorld,
  getFrame,
  pvecForEach,
  type Step,
  type World,
} from '../../src/engine/index';
import { docArbitrary } from './docArbitrary';
import { cutAtLimitation } from './limitation';

/** The steps that tear the world down; `unpinFirst` releases the handles before the exits. */
function teardown(w: World, unpinFirst: boolean): Step[] {
  const close: Step[] = Object.keys(w.mirrors).map((m) => ({ op: 'mirror.close', mirror: m }));
  const unpin: Step[] = Object.keys(w.gups).map((h) => ({ op: 'gup.unpin', pin: h }));
  const exit: Step[] = Object.values(w.procs)
    .filter((p) => p.alive)
    .map((p) => ({ op: 'exit', proc: p.name }));
  return unpinFirst ? [...close, ...unpin, ...exit] : [...close, ...exit, ...unpin];
}

/** Walks a free list; fails on a frame seen twice (a double free) or a list that never ends. */
function walk(head: number, next: (frame: number) => number, limit: number): number[] {
  const seen = new Set<number>();
  for (let f = head; f >= 0; f = next(f)) {
    expect(seen.has(f), `frame ${f} is on the free list twice`).toBe(false);
    seen.add(f);
    expect(seen.size).toBeLessThanOrEqual(limit);
  }
  return [...seen];
}

/** The machine is back to its starting state: every page free, every count at its base. */
function expectPristine(w: World): void {
  expect(w.gups).toEqual({});
  expect(w.mirrors).toEqual({});
  for (const p of Object.values(w.procs)) {
    expect(p.alive).toBe(false);
    expect(p.vmas).toEqual([]);
    pvecForEach(p.pt, 0, Infinity, (page) => expect.fail(`${p.name} still maps page ${page}`));
  }
  const idle = { refcount: 0, mapcount: 0, pincount: 0, locked: false, lru: false, rmapProcs: [] };
  for (let i = 0; i < w.systemPages; i++) expect(getFrame(w, i)).toMatchObject(idle);
  expect(getFrame(w, w.zeroFrame)).toMatchObject({ ...idle, refcount: 1 });
  expect(w.sysFree).toBe(w.systemPages);
  const sys = walk(w.sysFreeHead, (f) => getFrame(w, f).freeNext, w.systemPages);
  expect(sys).toHaveLength(w.systemPages);
  for (const d of Object.values(w.devices)) {
    expect(d.nrAllocated, d.name).toBe(0);
    for (let i = 0; i < d.pages; i++) expect(getFrame(w, d.base + i)).toMatchObject(idle);
    const free = walk(
      d.freeHead,
      (f) => {
        const z = getFrame(w, f).zoneDeviceData;
        return typeof z === 'number' ? z : -1;
      },
      d.pages,
    );
    expect(free.every((f) => f >= d.base && f < d.base + d.pages)).toBe(true);
    expect(free).toHaveLength(d.nrFree);
    if (d.pgmap === null) {
      // Released (dev.release) and not allocated from since: no chunk, nothing to free.
      expect(d.nrFree).toBe(0);
    } else {
      expect(d.pgmap).toMatchObject({ live: true, refcount: 1 });
      expect(d.chunkRemove).toBe(false);
      expect(d.nrFree, d.name).toBe(d.pages);
    }
  }
  expect(checkWorld(w, true)).toEqual([]);
}

function runAll(w0: World, steps: readonly Step[], from: number, strict: boolean): World {
  let w = w0;
  steps.forEach((s, i) => {
    const r = applyStep(w, s, from + i);
    expect(r.violations, `${s.op} (step ${from + i})`).toEqual([]);
    if (strict) expect(r.result.ret, `${JSON.stringify(s)}`).toBe(0);
    w = r.world;
  });
  return w;
}

describe('teardown: every frame back to its starting state', () => {
  test('close, unpin and exit everything after a random document leaks nothing', () => {
    fc.assert(
      fc.property(docArbitrary(24, 8, 40).map(cutAtLimitation), fc.boolean(), (doc, unpinFirst) => {
        const w = runAll(createWorld(doc.machine), doc.steps, 0, false);
        const down = teardown(w, unpinFirst);
        expectPristine(runAll(w, down, doc.steps.length, true));
      }),
      { numRuns: 600 },
    );
  });

  test('the same with full invariant checks and chunks that merge (80 pages)', () => {
    const config = { ...DEFAULT_CONFIG, invariantChecks: 'full' as const, detailBudget: 2 };
    fc.assert(
      fc.property(
        docArbitrary(80, 40, 30).map(cutAtLimitation),
        fc.boolean(),
        (doc, unpinFirst) => {
          const w = runAll(createWorld(doc.machine, config), doc.steps, 0, false);
          expectPristine(runAll(w, teardown(w, unpinFirst), doc.steps.length, true));
        },
      ),
      { numRuns: 80 },
    );
  });
});
