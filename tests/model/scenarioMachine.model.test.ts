/**
 * Model-based test of scenarioMachine: every simple path of `scenario.step` / `scenario.run`
 * (getSimplePaths: a shortest path would always prefer `scenario.run`) for documents of zero,
 * one and three steps and an invalid one; every path is replayed and the trace at `finished`
 * must be runScenario()'s.
 */
import { createActor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { describe, expect, test } from 'vitest';
import { runScenario, type ScenarioDoc, type Step } from '../../src/engine/index';
import {
  type ScenarioEvent,
  type ScenarioInput,
  scenarioMachine,
} from '../../src/machines/scenarioMachine';
import { expectFullCoverage, transitions } from './opModel';

const doc = (steps: Step[]): ScenarioDoc => ({
  format: 'hmm-lab/scenario@1',
  title: 'model',
  machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
  steps,
});
const three = doc([
  { op: 'spawn', proc: 'A' },
  { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
  { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 1 },
]);
const inputs: Record<string, ScenarioInput> = {
  'three steps': { doc: three },
  'one step': { doc: doc([{ op: 'spawn', proc: 'A' }]) },
  'no step': { doc: doc([]) },
  invalid: { doc: { ...three, steps: [{ op: 'mmap', proc: 'Z', page: 0, count: 1 }] } },
};
const EVENTS: ScenarioEvent[] = [{ type: 'scenario.step' }, { type: 'scenario.run' }];

describe('scenarioMachine (model-based)', () => {
  test('every state and transition; the finished trace is runScenario()', () => {
    const names = transitions(scenarioMachine);
    const states = new Set<string>();
    const taken = new Set<string>();
    let paths = 0;
    for (const [name, input] of Object.entries(inputs)) {
      for (const path of getSimplePaths(scenarioMachine, {
        input,
        events: EVENTS,
        serializeState: (s) => JSON.stringify([s.value, s.context.next]),
      })) {
        paths++;
        const seen: object[] = [];
        const actor = createActor(scenarioMachine, {
          input,
          inspect: (ev) => {
            if (ev.type === '@xstate.microstep') {
              seen.push(...((ev as unknown as { _transitions: object[] })._transitions ?? []));
            }
          },
        }).start();
        states.add(String(actor.getSnapshot().value));
        for (const s of path.steps) {
          if (s.event.type.startsWith('xstate.')) continue;
          actor.send(s.event as ScenarioEvent);
          expect(actor.getSnapshot().value, name).toEqual(s.state.value);
          states.add(String(actor.getSnapshot().value));
        }
        for (const t of seen) if (names.has(t)) taken.add(names.get(t) as string);
        const snap = actor.getSnapshot();
        if (snap.value === 'finished') {
          expect(snap.output?.trace).toEqual(runScenario(input.doc as ScenarioDoc));
        }
        if (snap.value === 'invalid') {
          expect(snap.output?.trace).toBeNull();
          expect(snap.output?.errors.length).toBeGreaterThan(0);
        }
      }
    }
    expect(paths).toBeGreaterThan(4);
    expectFullCoverage(scenarioMachine, { states, taken, paths });
  });
});
