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
import { docArbitrary } from './docArbitrary';

const PAGES = 24;

/** The shared generator: two processes, three mirrors, random steps over PAGES pages. */
const docArb: fc.Arbitrary<ScenarioDoc> = docArbitrary(PAGES, 8, 40);

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
