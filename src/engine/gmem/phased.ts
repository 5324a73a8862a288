/**
 * One definition per GMEM operation, shared by the engine and the machines: a table of the
 * kernel function's phases, each a step over a plain context, and which phase comes next.
 * applyStep() runs the table in one transaction (runPhasedIn); the op machines of
 * src/machines/gmem/ turn the same table into an xstate machine whose states are these phases,
 * running each one in its own transaction (runGmPhase). One table, so the two cannot drift.
 */
import type { OpOutcome } from '../steps';
import { type PhaseResult, type Tx, runPhase } from '../tx';
import type { World } from '../types';

export interface GmPhaseDef<C> {
  /** The phase's work: edits through `tx`, emits its micro-steps, returns the next context. */
  readonly run: (tx: Tx, c: C) => C;
  /** The next phase, or null when the operation is over. */
  readonly next: (c: C) => string | null;
  /** Every phase `next` may name (the machine's transitions; checked by the tests). */
  readonly to: readonly string[];
}

export interface PhasedOp<I, C> {
  /** The machine id, e.g. `gm_dev_fault`. */
  readonly id: string;
  readonly initial: string;
  readonly phases: Readonly<Record<string, GmPhaseDef<C>>>;
  readonly init: (input: I) => C;
  readonly finish: (c: C) => OpOutcome;
}

/** A safety net against a table whose `next` loops forever (an engine bug). */
const MAX_PHASES = 100_000;

/** Runs a whole phased operation inside an existing transaction; returns its last context. */
export function runPhasedIn<I, C>(tx: Tx, op: PhasedOp<I, C>, input: I): C {
  let c = op.init(input);
  let phase: string | null = op.initial;
  for (let n = 0; phase !== null; n++) {
    if (n > MAX_PHASES) throw new Error(`${op.id} did not finish`);
    const def: GmPhaseDef<C> | undefined = op.phases[phase];
    if (def === undefined) throw new Error(`${op.id} has no phase ${phase}`);
    c = def.run(tx, c);
    if (tx.haltedBy !== null) return c;
    phase = def.next(c);
  }
  return c;
}

/** Runs one phase in its own transaction (the machine layer's entry). */
export function runGmPhase<I, C>(
  world: World,
  op: PhasedOp<I, C>,
  phase: string,
  c: C,
): PhaseResult<C> {
  const def = op.phases[phase];
  if (def === undefined) throw new Error(`${op.id} has no phase ${phase}`);
  return runPhase(world, (tx) => def.run(tx, c));
}
