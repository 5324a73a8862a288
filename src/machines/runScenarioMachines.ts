/**
 * The headless runner on the machine layer: a scenario through scenarioMachine, one
 * `scenario.step` (one op machine) at a time. Same trace as the engine's runScenario().
 */
import { createActor } from 'xstate';
import { type RunOptions, type ScenarioDoc, type Trace, runScenario } from '../engine/index';
import { scenarioMachine } from './scenarioMachine';

/**
 * `runScenarioWithMachines(doc)` → the trace runScenario(doc) returns. Like runScenario it trusts
 * the document (validate it with src/scenarios/load.ts first); `onStep` sees each op's result.
 */
export function runScenarioWithMachines(doc: ScenarioDoc, options: RunOptions = {}): Trace {
  const actor = createActor(scenarioMachine, {
    input: { doc, validate: false, ...(options.config ? { config: options.config } : {}) },
  });
  let failure: unknown = null;
  actor.subscribe({ error: (e) => (failure = e) });
  actor.start();
  let seen = 0;
  while (actor.getSnapshot().status === 'active') {
    actor.send({ type: 'scenario.step' });
    const { steps } = actor.getSnapshot().context;
    for (; seen < steps.length; seen++) options.onStep?.(steps[seen]!);
  }
  const snap = actor.getSnapshot();
  if (snap.status === 'error' || failure !== null) throw failure ?? snap.error;
  const out = snap.output;
  if (out === undefined || out.trace === null) {
    throw new Error(`the scenario cannot run: ${out?.errors.join('; ') ?? 'no output'}`);
  }
  return out.trace;
}

/**
 * A trace for a view that reruns scenarios often (the editor on every keystroke, the gallery's
 * previews): the engine's runScenario — the same trace, proven by the cross-check test, and
 * three times faster — unless the document has a race, which only the machines can interleave.
 */
export function traceForView(doc: ScenarioDoc): Trace {
  return doc.steps.some((s) => s.op === 'race') ? runScenarioWithMachines(doc) : runScenario(doc);
}
