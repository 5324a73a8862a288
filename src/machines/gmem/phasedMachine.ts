/**
 * Turns a GMEM phase table (src/engine/gmem/phased.ts) into an xstate machine whose states are
 * the kernel function's phases. Each state's entry runs its phase in its own transaction
 * (runGmPhase) and records it in the PhaseLog (runIn); `op.step` moves to the phase the table's
 * `next` names, through a guard per edge of the table's `to` list. applyStep() runs the same table
 * in one transaction (runPhasedIn), so the engine and the machine cannot drift apart.
 *
 * Extra states around the table: `precheck` (the scenario-level checks of a gm.* step, before
 * any kernel code), an optional tail phase after the table (the host fault's `access`), `halted`
 * (a phase crashed the kernel: runPhasedIn stops there too) and `done`.
 */
import { assign, setup } from 'xstate';
import {
  type OpOutcome,
  type PhasedOp,
  type Step,
  type Tx,
  runGmPhase,
  runPhase,
} from '../../engine/index';
import {
  type OpContextBase,
  type OpEvent,
  type OpInput,
  type OpOutput,
  baseContext,
  finishOp,
} from '../opTypes';
import { runIn } from '../phaseLog';

export interface PhasedContext<C> extends OpContextBase {
  readonly step: Step;
  /** The phase table's context (the kernel function's locals). */
  readonly c: C;
}

export interface PhasedMachineOptions<I, C> {
  /** The table's input from the step (defaults filled in as the engine's dispatcher does). */
  readonly input: (i: OpInput) => I;
  /** Checks run before any kernel code; an outcome ends the op there (applyStep's precheck). */
  readonly precheck?: (tx: Tx, step: Step) => OpOutcome | null;
  /** A phase run after the table (its own state), which gives the op's outcome. */
  readonly tail?: {
    readonly name: string;
    readonly run: (tx: Tx, step: Step, c: C) => OpOutcome;
  };
  /** The outcome when a phase halted the kernel (default: the table's finish). */
  readonly halted?: (c: C) => OpOutcome;
}

/** The states the factory adds to the table's phases. */
export const PRECHECK = 'precheck';
export const DONE = 'done';
export const HALTED = 'halted';

type Transition = {
  readonly target?: string;
  readonly guard?: string | { type: string; params: { phase: string; target: string | null } };
  readonly actions?: string;
};

/** The machine of a phase table; its states are exactly the table's phases plus the extras. */
export function phasedMachine<I, C>(op: PhasedOp<I, C>, opts: PhasedMachineOptions<I, C>) {
  const tail = opts.tail;
  const after = tail?.name ?? DONE;
  const extras = [PRECHECK, DONE, HALTED, ...(tail !== undefined ? [tail.name] : [])];
  for (const p of Object.keys(op.phases))
    if (extras.includes(p)) throw new Error(`${op.id}: phase ${p} clashes with a machine state`);
  const nextOf = (phase: string, c: C): string | null => {
    const def = op.phases[phase];
    if (def === undefined) throw new Error(`${op.id} has no phase ${phase}`);
    return def.next(c);
  };

  const states: Record<string, object> = {};
  if (opts.precheck !== undefined)
    states[PRECHECK] = {
      entry: 'precheck',
      on: { 'op.step': [{ guard: 'refused', target: DONE }, { target: op.initial }] },
    };
  for (const [phase, def] of Object.entries(op.phases)) {
    const edges: Transition[] = [
      // runPhasedIn stops as soon as a phase halts the kernel: no further phase runs.
      { guard: 'halted', target: HALTED },
      ...[...def.to, null].map((to): Transition => ({
        guard: { type: 'nextIs', params: { phase, target: to } },
        target: to ?? after,
      })),
      // A `next` outside the table's `to` list is an engine bug: say so instead of stalling.
      { actions: 'badNext' },
    ];
    states[phase] = { entry: { type: 'runPhase', params: { phase } }, on: { 'op.step': edges } };
  }
  if (tail !== undefined)
    states[tail.name] = {
      entry: 'tail',
      on: { 'op.step': [{ guard: 'halted', target: HALTED }, { target: DONE }] },
    };
  states[HALTED] = { type: 'final', entry: 'haltedOutcome' };
  states[DONE] = { type: 'final', entry: 'finish' };

  return setup({
    types: {
      context: {} as PhasedContext<C>,
      events: {} as OpEvent,
      input: {} as OpInput,
      output: {} as OpOutput,
    },
    guards: {
      refused: ({ context }) => context.outcome !== null,
      halted: ({ context }) => context.world.halted !== null,
      nextIs: ({ context }, params: { phase: string; target: string | null }) =>
        nextOf(params.phase, context.c) === params.target,
    },
    actions: {
      adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
      precheck: assign(({ context: x }) => {
        const check = opts.precheck;
        if (check === undefined) return {};
        const { log, value } = runIn(x, (w) => runPhase(w, (tx) => check(tx, x.step)));
        return { ...log, outcome: value };
      }),
      runPhase: assign(({ context: x }, params: { phase: string }) => {
        const { log, value } = runIn(x, (w) => runGmPhase(w, op, params.phase, x.c));
        return { ...log, c: value };
      }),
      tail: assign(({ context: x }) => {
        if (tail === undefined) return {};
        const { log, value } = runIn(x, (w) => runPhase(w, (tx) => tail.run(tx, x.step, x.c)));
        return { ...log, outcome: value };
      }),
      badNext: ({ context: x }) => {
        throw new Error(`${op.id}: a phase's next is not in its table's to list (${x.op})`);
      },
      haltedOutcome: assign(({ context: x }) => ({
        outcome: (opts.halted ?? op.finish)(x.c),
      })),
      finish: assign(({ context: x }) => ({ outcome: x.outcome ?? op.finish(x.c) })),
    },
  }).createMachine({
    id: op.id,
    on: { 'op.world': { actions: 'adoptWorld' } },
    context: ({ input }) => ({
      ...baseContext(input),
      step: input.step,
      c: op.init(opts.input(input)),
    }),
    initial: opts.precheck !== undefined ? PRECHECK : op.initial,
    // Built from the table: xstate cannot check a config whose state keys are computed (the
    // tests check the states, the transitions, and that every action and guard exists).
    states: states as Record<string, { type?: 'final' }>,
    output: ({ context }) => finishOp(context),
  });
}

/** The state names a machine built from `op` has (for the tests and the views). */
export function phasedStateNames(
  op: PhasedOp<unknown, unknown>,
  opts: { precheck?: unknown; tail?: { name: string } },
): string[] {
  return [
    ...(opts.precheck !== undefined ? [PRECHECK] : []),
    ...Object.keys(op.phases),
    ...(opts.tail !== undefined ? [opts.tail.name] : []),
    HALTED,
    DONE,
  ];
}
