/**
 * Races, interleaved at random (issue 7). With every fix on, no schedule of the racing threads
 * breaks an invariant, and each thread finishes with a kernel answer. With a bug's toggle off,
 * fast-check finds a schedule that breaks — and its shrunk counterexample is kept as a
 * regression scenario in ./regressions (checked below, so the bug stays found).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc, Trace } from '../../src/engine/index';
import { runScenarioWithMachines } from '../../src/machines/runScenarioMachines';
import { validateScenario } from '../../src/scenarios/load';
import { RACES, raceDoc } from './raceSetups';

const broken = (t: Trace) =>
  t.violations.length > 0 || t.results.some((r) => r.outcome !== undefined);

const schedules = (threads: number) =>
  fc.array(fc.integer({ min: 0, max: threads - 1 }), { maxLength: 24 });

describe.each(RACES.map((r) => [r.name, r] as const))('%s', (_, race) => {
  test('fixed kernel: no interleaving breaks an invariant; every thread answers', () => {
    fc.assert(
      fc.property(schedules(race.threads.length), (schedule) => {
        const t = runScenarioWithMachines(raceDoc(race, schedule));
        expect(t.violations).toEqual([]);
        const last = t.results[t.results.length - 1];
        expect(last?.outcome).toBeUndefined();
        for (const r of last?.threads ?? []) {
          expect(r.notRun).toBeUndefined();
          // Nobody is killed by the race: waiting is the kernel's answer, not a signal.
          expect(r.signal).toBeUndefined();
        }
        // Whoever wins, the data survives: a CPU read returns what was written.
        race.threads.forEach((t, k) => {
          if (t.op === 'cpu.read') expect(last?.threads?.[k]?.data).toEqual([42]);
        });
      }),
      { numRuns: 120, seed: 7 },
    );
  });
});

const BUGGY = RACES.flatMap((r) => (r.bug === undefined ? [] : [[r.name, r, r.bug] as const]));

describe.each(BUGGY)('%s', (_, race, bug) => {
  test('buggy kernel: fast-check finds a breaking interleaving', () => {
    const out = fc.check(
      fc.property(schedules(race.threads.length), (schedule) => {
        return !broken(runScenarioWithMachines(raceDoc(race, schedule, bug)));
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(out.failed).toBe(true);
    const [schedule] = out.counterexample ?? [[]];
    // The shrunk schedule breaks the buggy kernel and not the fixed one.
    expect(broken(runScenarioWithMachines(raceDoc(race, schedule, bug)))).toBe(true);
    expect(broken(runScenarioWithMachines(raceDoc(race, schedule)))).toBe(false);
  });
});

describe('regression scenarios (shrunk counterexamples)', () => {
  const dir = join(__dirname, 'regressions');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  test('there is one per bug race', () => {
    expect(files.length).toBe(RACES.filter((r) => r.bug !== undefined).length);
  });
  test.each(files)('%s still breaks, and only under its bug', (file) => {
    const v = validateScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!v.ok) throw new Error(`${file}: ${v.errors.map((e) => e.message).join('; ')}`);
    expect(broken(runScenarioWithMachines(v.doc))).toBe(true);
    const { kernel: _, ...machine } = v.doc.machine;
    const fixed: ScenarioDoc = { ...v.doc, machine };
    expect(broken(runScenarioWithMachines(fixed))).toBe(false);
  });
});
