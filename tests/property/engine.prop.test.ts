/**
 * Properties over random sequences of the supported ops on random machines (fast-check):
 * - no invariant is ever violated (the engine checks after every micro-step and at rest);
 * - every CPU or device read returns the value last written to that page, wherever the page
 *   went in between (migration, fault-back, eviction) — checked against a reference model;
 * - the runner is deterministic, and traces and worlds survive a JSON round trip.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  checkWorld,
  createWorld,
  runScenario,
  type Step,
  type StepResult,
} from '../../src/engine/index';
import type { ScenarioDoc } from '../../src/engine/trace';
import { validateScenario } from '../../src/scenarios/load';

const PAGES = 24;

const range = fc
  .tuple(fc.integer({ min: 0, max: PAGES - 1 }), fc.integer({ min: 1, max: 8 }))
  .map(([page, count]) => ({ page, count: Math.min(count, PAGES - page) }));

const proc = fc.constantFrom('A', 'B');
const mirror = fc.constantFrom('mA0', 'mA1', 'mB0');
const prot = fc.constantFrom('rw' as const, 'r' as const, 'none' as const);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: proc.map((p) => ({ op: 'spawn', proc: p })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(proc, range, fc.constantFrom('rw' as const, 'rw' as const, 'r' as const), fc.boolean())
      .map(([p, r, pr, shared]) => ({
        op: 'mmap',
        proc: p,
        ...r,
        prot: pr,
        ...(shared ? { shared: true } : {}),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(proc, range).map(([p, r]) => ({ op: 'munmap', proc: p, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(proc, range, prot)
      .map(([p, r, pr]) => ({ op: 'mprotect', proc: p, ...r, prot: pr })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(proc, range).map(([p, r]) => ({ op: 'cpu.read', proc: p, ...r })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(proc, range, fc.integer({ min: 1, max: 999 })).map(([p, r, v]) => ({
      op: 'cpu.write',
      proc: p,
      ...r,
      values: Array.from({ length: r.count }, (_, i) => v + i),
    })),
  },
  { weight: 1, arbitrary: fc.constantFrom({ op: 'exit', proc: 'B' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { op: 'mirror.open', proc: 'A', device: 'd0', as: 'mA0' },
      { op: 'mirror.open', proc: 'A', device: 'd1', as: 'mA1' },
      { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mB0' },
    ),
  },
  { weight: 1, arbitrary: mirror.map((m) => ({ op: 'mirror.close', mirror: m })) },
  {
    weight: 3,
    arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.read', mirror: m, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(mirror, range, fc.integer({ min: 1000, max: 1999 }))
      .map(([m, r, v]) => ({ op: 'dev.write', mirror: m, ...r, value: v })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.migrate', mirror: m, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(mirror, range)
      .map(([m, r]) => ({ op: 'dev.migrate-back', mirror: m, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.snapshot', mirror: m, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('d0', 'd1').map((d) => ({ op: 'dev.release', device: d })),
  },
);

const docArb: fc.Arbitrary<ScenarioDoc> = fc
  .record({
    systemPages: fc.integer({ min: 6, max: 80 }),
    d0: fc.integer({ min: 1, max: 32 }),
    d1: fc.integer({ min: 1, max: 32 }),
    d1memory: fc.constantFrom('private' as const, 'coherent' as const),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
  })
  .map(({ systemPages, d0, d1, d1memory, steps }) => ({
    format: 'hmm-lab/scenario@1' as const,
    title: 'property',
    machine: {
      systemPages,
      devices: [
        { name: 'd0', memory: 'private' as const, pages: d0 },
        { name: 'd1', memory: d1memory, pages: d1 },
      ],
    },
    // Every process and mirror is introduced first, as the loader requires.
    steps: [
      { op: 'spawn', proc: 'A' },
      { op: 'spawn', proc: 'B' },
      { op: 'mirror.open', proc: 'A', device: 'd0', as: 'mA0' },
      { op: 'mirror.open', proc: 'A', device: 'd1', as: 'mA1' },
      { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mB0' },
      { op: 'mmap', proc: 'A', page: 0, count: PAGES, prot: 'rw' },
      { op: 'mmap', proc: 'B', page: 0, count: PAGES, prot: 'rw' },
      ...steps,
    ],
  }));

export const docArbForStats = docArb;

type Cell = number | 'unknown';

/**
 * The reference model: per process, the value last written to each page ("unknown" after a
 * failed device write, which may have copied some pages before it stopped). A page's value is
 * forgotten when its mapping goes.
 */
class Reference {
  private readonly mem = new Map<string, Map<number, Cell>>();
  private readonly mirrorProc = new Map([
    ['mA0', 'A'],
    ['mA1', 'A'],
    ['mB0', 'B'],
  ]);

  private pages(p: string): Map<number, Cell> {
    let m = this.mem.get(p);
    if (m === undefined) this.mem.set(p, (m = new Map()));
    return m;
  }

  check(step: Step, r: StepResult): void {
    const s = step as Step & { proc?: string; mirror?: string; page: number; count: number };
    const p = s.proc ?? this.mirrorProc.get(s.mirror ?? '') ?? '';
    const m = this.pages(p);
    const expectData = (data: readonly number[] | undefined) => {
      expect(data).toHaveLength(s.count);
      data?.forEach((v, i) => {
        const want = m.get(s.page + i) ?? 0;
        if (want === 'unknown') m.set(s.page + i, v);
        else expect(v, `${step.op} page ${s.page + i} of ${p}`).toBe(want);
      });
    };
    switch (step.op) {
      case 'spawn':
        if (r.ret === 0) this.mem.set(p, new Map());
        break;
      case 'mmap':
      case 'munmap':
        if (r.ret === 0) for (let i = 0; i < s.count; i++) m.delete(s.page + i);
        break;
      case 'exit':
        if (r.ret === 0) this.mem.set(p, new Map());
        break;
      case 'cpu.read':
        if (r.ret === 0) expectData(r.data);
        break;
      case 'cpu.write': {
        const values = (step as unknown as { values: number[] }).values;
        const done = r.ret === 0 ? s.count : r.signalPage !== undefined ? r.signalPage - s.page : 0;
        for (let i = 0; i < done; i++) m.set(s.page + i, values[i] as number);
        break;
      }
      case 'dev.read':
      case 'dev.migrate':
        if (r.ret === 0) expectData(r.data);
        break;
      case 'dev.write': {
        const v = (step as unknown as { value: number }).value;
        for (let i = 0; i < s.count; i++) m.set(s.page + i, r.ret === 0 ? v : 'unknown');
        break;
      }
      default:
        break;
    }
  }
}

describe('engine properties', () => {
  test('no invariant is violated and reads return the last value written', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(validateScenario(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
        const ref = new Reference();
        const trace = runScenario(doc);
        expect(trace.violations).toEqual([]);
        doc.steps.forEach((s, i) => ref.check(s, trace.results[i] as StepResult));
      }),
      { numRuns: 1500 },
    );
  });

  test('full invariant checks after every micro-step find nothing either', () => {
    const config = { ...DEFAULT_CONFIG, invariantChecks: 'full' as const, detailBudget: 1 };
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(runScenario(doc, { config }).violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('the runner is deterministic and its trace survives JSON', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const a = runScenario(doc);
        const b = runScenario(JSON.parse(JSON.stringify(doc)) as ScenarioDoc);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  test('worlds are JSON values: a round-tripped world behaves the same', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), (doc, cut) => {
        let world = createWorld(doc.machine);
        const k = cut % doc.steps.length;
        doc.steps.slice(0, k).forEach((s, i) => (world = applyStep(world, s, i).world));
        for (let i = k; i < doc.steps.length; i++) {
          const copy = JSON.parse(JSON.stringify(world));
          expect(copy).toEqual(world);
          const a = applyStep(world, doc.steps[i] as Step, i);
          const b = applyStep(copy, doc.steps[i] as Step, i);
          expect(b.result).toEqual(a.result);
          expect(JSON.stringify(b.world)).toBe(JSON.stringify(a.world));
          world = a.world;
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a step never changes the world it was given, and every step ends at rest', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        let world = createWorld(doc.machine);
        doc.steps.forEach((s, i) => {
          const before = JSON.stringify(world);
          const r = applyStep(world, s, i);
          expect(JSON.stringify(world)).toBe(before);
          expect(checkWorld(r.world, true)).toEqual([]);
          world = r.world;
        });
      }),
      { numRuns: 100 },
    );
  });
});
