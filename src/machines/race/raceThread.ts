/**
 * One thread of a `race` step: an op machine stepped with xstate's pure `initialTransition` /
 * `transition`, so the race can hold every thread's snapshot in its context and hand each one the
 * shared world (`op.world`) before its next phase — as kernel code picks up whatever the other
 * CPUs changed once it retakes a lock.
 */
import { gmHostFaultMachine, isGmHostFaultStep } from '../gmem/gmHostFaultMachine';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  initialTransition,
  transition,
} from 'xstate';
import {
  type MicroStep,
  type StepResult,
  type SupportedStep,
  type Violation,
  type World,
  getPte,
} from '../../engine/index';
import { applyStepMachine } from '../ops/applyStepMachine';
import { cpuFaultMachine } from '../ops/cpuFaultMachine';
import { devFault2018Machine } from '../ops/devFault2018Machine';
import { devFaultMachine } from '../ops/devFaultMachine';
import { migrateToSystemMachine } from '../ops/migrateToSystemMachine';
import { releaseMachine } from '../ops/releaseMachine';
import { snapshot2018Machine } from '../ops/snapshot2018Machine';
import { snapshotMachine } from '../ops/snapshotMachine';

export interface RaceThread {
  /** T1, T2, T3. */
  readonly name: string;
  readonly step: SupportedStep;
  readonly logic: AnyStateMachine | null;
  /** The snapshot of whichever op machine runs the thread (null until its first turn). */
  readonly snapshot: AnyMachineSnapshot | null;
  /** How many of the thread's micro-steps (and violations) the race has already taken. */
  readonly seen: number;
  readonly seenViolations: number;
  readonly result: StepResult | null;
}

export function newThread(step: SupportedStep, k: number): RaceThread {
  return {
    name: `T${k + 1}`,
    step,
    logic: null,
    snapshot: null,
    seen: 0,
    seenViolations: 0,
    result: null,
  };
}

/**
 * The op machine a thread runs, chosen when it starts: a CPU access that finds a device-private
 * entry runs the CPU-fault machine (do_swap_page → migrate_to_ram → retry), phase by phase;
 * anything else a CPU or mm call does is one phase (applyStep).
 */
function logicFor(step: SupportedStep, world: World): { logic: AnyStateMachine; input: object } {
  if (step.op === 'cpu.read' || step.op === 'cpu.write') {
    const pte = getPte(world, step.proc, step.page);
    if (pte?.kind === 'devicePrivate')
      return {
        logic: cpuFaultMachine,
        input: { world, proc: step.proc, page: step.page, access: step },
      };
    // A peer-shared chunk (GMEM): the huge-page fault's phases can interleave too.
    if (isGmHostFaultStep(world, step))
      return { logic: gmHostFaultMachine, input: { world, step } };
  }
  const logic =
    step.op === 'dev.read' || step.op === 'dev.write'
      ? world.config.api === '2018'
        ? devFault2018Machine
        : devFaultMachine
      : step.op === 'dev.snapshot'
        ? world.config.api === '2018'
          ? snapshot2018Machine
          : snapshotMachine
        : step.op === 'dev.migrate-back'
          ? migrateToSystemMachine
          : step.op === 'dev.release'
            ? releaseMachine
            : applyStepMachine;
  return { logic, input: { world, step } };
}

/** What a thread's machine has produced so far, whatever its shape. */
export function threadLog(t: RaceThread): {
  world: World;
  microsteps: readonly MicroStep[];
  violations: readonly { microstep: number; v: Violation }[];
} {
  const c = (t.snapshot as AnyMachineSnapshot).context;
  if (c.applied !== undefined) {
    const a = c.applied;
    return a === null
      ? { world: c.world, microsteps: [], violations: [] }
      : {
          world: a.world,
          microsteps: a.microsteps,
          violations: a.violations.map((x: { microstep: number } & Violation) => ({
            microstep: x.microstep,
            v: { id: x.id, message: x.message, detail: x.detail },
          })),
        };
  }
  return { world: c.world, microsteps: c.microsteps, violations: c.violations };
}

export function isDone(t: RaceThread): boolean {
  return t.snapshot !== null && t.snapshot.status !== 'active';
}

/** Runs the thread's next phase on `world` (its first phase starts the machine). */
export function stepThread(t: RaceThread, world: World): RaceThread {
  if (t.snapshot === null) {
    const { logic, input } = logicFor(t.step, world);
    const [snapshot] = initialTransition(logic, input);
    return { ...t, logic, snapshot };
  }
  const logic = t.logic as AnyStateMachine;
  const [adopted] = transition(logic, t.snapshot, { type: 'op.world', world });
  const [snapshot] = transition(logic, adopted, { type: 'op.step' });
  return { ...t, snapshot };
}

/** The thread's own result once its machine is done. */
export function threadResult(t: RaceThread, index: number): StepResult {
  const s = t.snapshot as AnyMachineSnapshot;
  if (s.status === 'error') throw s.error;
  const c = s.context;
  if (c.accessed !== undefined) {
    if (c.accessed !== null) return { ...c.accessed.result, step: index };
    // The fault ended the access (SIGBUS) or the kernel halted under it.
    return {
      step: index,
      op: t.step.op,
      ret: 0,
      errno: null,
      ...(c.fault === 'halted' || c.world.halted !== null ? {} : { signal: 'SIGBUS' as const }),
    };
  }
  return { ...(s.output.result as StepResult), step: index };
}
