/** scenarioMachine and runScenarioWithMachines: invalid documents, running all, onStep. */
import { createActor } from 'xstate';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, runScenario, type ScenarioDoc } from '../../../src/engine/index';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { scenarioMachine } from '../../../src/machines/scenarioMachine';
import defaultDoc from '../../../src/scenarios/default.json';

const doc = defaultDoc as unknown as ScenarioDoc;

describe('scenarioMachine', () => {
  test('an invalid document ends in `invalid` with the loader’s errors', () => {
    const actor = createActor(scenarioMachine, {
      input: { doc: { ...doc, steps: [{ op: 'dev.read', mirror: 'nope', page: 0, count: 1 }] } },
    }).start();
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('invalid');
    expect(snap.output?.trace).toBeNull();
    expect(snap.output?.errors.join('\n')).toMatch(/^steps\[0\]/);
  });

  test('an unknown kernel era is invalid too', () => {
    const actor = createActor(scenarioMachine, {
      input: { doc, config: { ...DEFAULT_CONFIG, era: 'ERA_Z' as 'ERA_A_BIASED' } },
    }).start();
    expect(actor.getSnapshot().value).toBe('invalid');
    expect(actor.getSnapshot().output?.errors).toEqual(['unknown kernel era ERA_Z']);
  });

  test('step by step, each op’s full result is kept', () => {
    const actor = createActor(scenarioMachine, { input: { doc } }).start();
    expect(actor.getSnapshot().value).toBe('ready');
    actor.send({ type: 'scenario.step' });
    actor.send({ type: 'scenario.step' });
    const c = actor.getSnapshot().context;
    expect(actor.getSnapshot().value).toBe('running');
    expect(c.next).toBe(2);
    expect(c.steps.map((s) => s.result.op)).toEqual(['spawn', 'mmap']);
    actor.send({ type: 'scenario.run' });
    expect(actor.getSnapshot().value).toBe('finished');
    expect(actor.getSnapshot().output?.trace).toEqual(runScenario(doc));
  });
});

describe('runScenarioWithMachines', () => {
  test('gives runScenario()’s trace and calls onStep once per step', () => {
    const ops: string[] = [];
    const trace = runScenarioWithMachines(doc, { onStep: (r) => ops.push(r.result.op) });
    expect(trace).toEqual(runScenario(doc));
    expect(ops).toEqual(doc.steps.map((s) => s.op));
  });

  test('throws, as createWorld does, on a machine it cannot build', () => {
    const bad = { ...doc, machine: { systemPages: -1, devices: [] } } as ScenarioDoc;
    expect(() => runScenario(bad)).toThrow();
    expect(() => runScenarioWithMachines(bad)).toThrow();
  });
});
