/**
 * Properties over random sequences of the supported ops on random machines (fast-check):
 * - no invariant is ever violated (the engine checks after every micro-step and at rest);
 * - every CPU or device read returns the value last written to that page, wherever the page
 *   went in between (migration, fault-back, eviction, fork and copy-on-write, GUP) — checked
 *   against a reference model (reference.ts): a child's write to a private page is never seen
 *   by its parent, a write to a page of a shared mapping is;
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
import { cutAtLimitation } from './limitation';
import { Reference } from './reference';

const PAGES = 24;

/**
 * The shared generator: two processes, three mirrors, random steps over PAGES pages — cut short
 * where a test_hmm limitation could strike (limitation.ts).
 */
const docArb: fc.Arbitrary<ScenarioDoc> = docArbitrary(PAGES, 8, 40).map(cutAtLimitation);

export const docArbForStats = docArb;

describe('engine properties', () => {
  test('no invariant is violated and reads return the last value written', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(validateScenario(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
        const ref = new Reference();
        const trace = runScenario(doc);
        expect(trace.violations).toEqual([]);
        let world = createWorld(doc.machine);
        doc.steps.forEach((s, i) => {
          const r = applyStep(world, s, i);
          expect(r.result).toEqual(trace.results[i]);
          ref.check(s, trace.results[i] as StepResult, world);
          world = r.world;
        });
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
