/**
 * A scenario document run op by op: `ready` → `running` → `finished`, or `invalid` when the
 * document, the configuration or the machine it describes is rejected. Each `scenario.step`
 * runs the next op through its op machine (runOpMachine) and keeps its full result, so the app
 * can show every micro-step; `scenario.run` runs the rest at once. The final trace is the one
 * the engine's runScenario() produces.
 */
import { assign, setup } from 'xstate';
import {
  DEFAULT_CONFIG,
  checkWorld,
  createWorld,
  finalState,
  validateConfig,
  type EngineConfig,
  type LocatedViolation,
  type ScenarioDoc,
  type Trace,
  type World,
} from '../engine/index';
import { formatError, validateScenario } from '../scenarios/load';
import type { OpOutput } from './opTypes';
import { runOpMachine } from './runOp';

export interface ScenarioInput {
  /** A scenario document (JSON value); validated unless `validate` is false. */
  readonly doc: unknown;
  readonly config?: EngineConfig;
  /** Check the document and the configuration first (default true). runScenario() does not. */
  readonly validate?: boolean;
}

export interface ScenarioContext {
  readonly doc: ScenarioDoc | null;
  /** Why the scenario cannot run (formatted as `path: message`). */
  readonly errors: readonly string[];
  readonly initialWorld: World | null;
  readonly world: World | null;
  /** Index of the next step to run. */
  readonly next: number;
  /** Every step run so far, with its micro-steps. */
  readonly steps: readonly OpOutput[];
  /** The final at-rest check (runScenario's), once finished. */
  readonly finalViolations: readonly LocatedViolation[];
}

export type ScenarioEvent = { type: 'scenario.step' } | { type: 'scenario.run' };

export interface ScenarioOutput {
  readonly trace: Trace | null;
  readonly errors: readonly string[];
}

function initialContext(input: ScenarioInput): ScenarioContext {
  const config = input.config ?? DEFAULT_CONFIG;
  const errors: string[] = [];
  let doc: ScenarioDoc | null = null;
  if (input.validate === false) {
    doc = input.doc as ScenarioDoc;
  } else {
    const r = validateScenario(input.doc);
    if (r.ok) doc = r.doc;
    else errors.push(...r.errors.map(formatError));
    const bad = validateConfig(config);
    if (bad !== null) errors.push(bad);
  }
  let world: World | null = null;
  if (doc !== null && errors.length === 0) {
    try {
      world = createWorld(doc.machine, config);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { doc, errors, initialWorld: world, world, next: 0, steps: [], finalViolations: [] };
}

/** Runs step `next` of the document through its op machine. */
function runNext(c: ScenarioContext): Partial<ScenarioContext> {
  const step = c.doc?.steps[c.next];
  if (step === undefined || c.world === null) return {};
  const r = runOpMachine(c.world, step, c.next);
  return { world: r.world, next: c.next + 1, steps: [...c.steps, r] };
}

/** The trace of a finished run (runScenario's format). */
export function traceOf(c: ScenarioContext): Trace {
  if (c.world === null) throw new Error('the scenario has no world');
  return {
    format: 'hmm-lab/trace@1',
    results: c.steps.map((s) => s.result),
    final: finalState(c.world),
    microsteps: c.steps.reduce((n, s) => n + s.microsteps.length, 0),
    violations: [...c.steps.flatMap((s) => s.violations), ...c.finalViolations],
  };
}

export const scenarioMachine = setup({
  types: {
    context: {} as ScenarioContext,
    events: {} as ScenarioEvent,
    input: {} as ScenarioInput,
    output: {} as ScenarioOutput,
  },
  guards: {
    invalid: ({ context }) => context.errors.length > 0,
    lastStep: ({ context }) => context.next >= (context.doc?.steps.length ?? 0) - 1,
  },
  actions: {
    runNext: assign(({ context }) => runNext(context)),
    runAll: assign(({ context }) => {
      let c = context;
      while (c.doc !== null && c.next < c.doc.steps.length) c = { ...c, ...runNext(c) };
      return c;
    }),
    /** runScenario()'s final full check at rest. */
    finalCheck: assign({
      finalViolations: ({ context: c }) => {
        if (c.world === null || c.world.config.invariantChecks === 'off') return [];
        const last = (c.doc?.steps.length ?? 0) - 1;
        return checkWorld(c.world, true).map((v) => ({ ...v, step: last, microstep: -1 }));
      },
    }),
  },
}).createMachine({
  id: 'scenario',
  context: ({ input }) => initialContext(input),
  initial: 'ready',
  states: {
    ready: {
      always: { guard: 'invalid', target: 'invalid' },
      on: {
        'scenario.step': [
          { guard: 'lastStep', target: 'finished', actions: ['runNext', 'finalCheck'] },
          { target: 'running', actions: 'runNext' },
        ],
        'scenario.run': { target: 'finished', actions: ['runAll', 'finalCheck'] },
      },
    },
    running: {
      on: {
        'scenario.step': [
          { guard: 'lastStep', target: 'finished', actions: ['runNext', 'finalCheck'] },
          { target: 'running', actions: 'runNext' },
        ],
        'scenario.run': { target: 'finished', actions: ['runAll', 'finalCheck'] },
      },
    },
    finished: { type: 'final' },
    invalid: { type: 'final' },
  },
  output: ({ context }) => ({
    trace: context.errors.length > 0 ? null : traceOf(context),
    errors: context.errors,
  }),
});

export type ScenarioMachine = typeof scenarioMachine;
