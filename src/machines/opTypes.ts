/**
 * What every op machine shares: its input (a world, the step, the step's index), its events,
 * and its output, which is exactly what the engine's applyStep() returns for the same step.
 */
import {
  checkAtRest,
  toResult,
  type ApplyResult,
  type LocatedViolation,
  type OpOutcome,
  type Step,
  type SupportedStep,
  type World,
} from '../engine/index';
import type { PhaseLog } from './phaseLog';

/** The scenario step of one op, by its `op`. */
export type StepOf<Op extends SupportedStep['op']> = Extract<SupportedStep, { op: Op }>;

export interface OpInput<S extends Step = Step> {
  readonly world: World;
  readonly step: S;
  /** The step's position in its scenario (goes into the result and the violations). */
  readonly index?: number;
}

/**
 * `op.step`: run the next kernel phase. `op.concurrent`: another CPU thread runs a whole step
 * now, between two phases (accepted only where the kernel holds no lock that would block it).
 */
export type OpEvent =
  | { type: 'op.step' }
  | { type: 'op.concurrent'; step: Step }
  /**
   * `op.world`: in a race (raceMachine), another thread ran since this op's last phase; the op
   * carries on from the shared world as it is now, as kernel code does after dropping a lock.
   */
  | { type: 'op.world'; world: World };

/** The output of every op machine: applyStep()'s ApplyResult. */
export type OpOutput = ApplyResult;

/** The fields every op machine keeps in its context. */
export interface OpContextBase extends PhaseLog {
  readonly index: number;
  readonly op: string;
  /** The op's result once it is known (ret, cpages, faults, data, prot, signal…). */
  readonly outcome: OpOutcome | null;
}

/** The base context of an op machine for `input`. */
export function baseContext(input: OpInput): OpContextBase {
  return {
    world: input.world,
    microsteps: [],
    violations: [],
    merging: null,
    index: input.index ?? 0,
    op: input.step.op,
    outcome: null,
  };
}

/**
 * The machine's output from its final context: the result, the micro-steps, and the
 * violations located in the scenario, plus the at-rest checks applyStep() runs at the end.
 */
export function finishOp(ctx: OpContextBase): OpOutput {
  if (ctx.outcome === null) throw new Error(`op ${ctx.op} finished without a result`);
  if (ctx.merging !== null) throw new Error(`op ${ctx.op} finished while merging micro-steps`);
  const violations: LocatedViolation[] = ctx.violations.map(({ microstep, v }) => ({
    ...v,
    step: ctx.index,
    microstep,
  }));
  if (ctx.world.config.invariantChecks !== 'off') {
    for (const v of checkAtRest(ctx.world, ctx.microsteps)) {
      violations.push({
        ...v,
        step: ctx.index,
        microstep: Math.max(0, ctx.microsteps.length - 1),
      });
    }
  }
  return {
    world: ctx.world,
    result: toResult(ctx.index, ctx.op, ctx.outcome, ctx.microsteps),
    microsteps: ctx.microsteps,
    violations,
  };
}
