/**
 * Runs one scenario step through its op machine, phase by phase, to the end: the machine-layer
 * counterpart of the engine's applyStep(), with the same result.
 */
import { type AnyActorLogic, createActor } from 'xstate';
import { applyStep, type Step, type World } from '../engine/index';
import type { OpInput, OpOutput } from './opTypes';
import { gmMachineForStep } from './gmem/select';
import { applyStepMachine } from './ops/applyStepMachine';
import { devFault2018Machine } from './ops/devFault2018Machine';
import { devFaultMachine } from './ops/devFaultMachine';
import { dummyAccessMachine } from './ops/dummyAccessMachine';
import { dummyMigrateMachine } from './ops/dummyMigrateMachine';
import { exclusiveMachine } from './ops/exclusiveMachine';
import { gupMachine } from './ops/gupMachine';
import { forkMachine } from './ops/forkMachine';
import { migrateToDeviceMachine } from './ops/migrateToDeviceMachine';
import { migrateToSystemMachine } from './ops/migrateToSystemMachine';
import { mirrorCloseMachine } from './ops/mirrorCloseMachine';
import { mirrorOpenMachine } from './ops/mirrorOpenMachine';
import { raceMachine } from './ops/raceMachine';
import { releaseMachine } from './ops/releaseMachine';
import { snapshot2018Machine } from './ops/snapshot2018Machine';
import { snapshotMachine } from './ops/snapshotMachine';

/** The machine that runs `op` (every machine takes an {@link OpInput} and outputs an ApplyResult). */
export function machineForOp(op: string): AnyActorLogic {
  switch (op) {
    case 'mirror.open':
      return mirrorOpenMachine;
    case 'mirror.close':
      return mirrorCloseMachine;
    case 'dev.snapshot':
      return snapshotMachine;
    case 'dev.read':
    case 'dev.write':
      return devFaultMachine;
    case 'dev.migrate':
      return migrateToDeviceMachine;
    case 'dev.migrate-back':
      return migrateToSystemMachine;
    case 'dev.release':
      return releaseMachine;
    case 'dev.exclusive':
      return exclusiveMachine;
    case 'gup.get':
    case 'gup.pin':
      return gupMachine;
    case 'fork':
      return forkMachine;
    case 'race':
      return raceMachine;
    default:
      return applyStepMachine;
  }
}

/** The machine for `op` under the world's kernel: the 2018 API has its own snapshot and faults. */
export function machineForOpIn(world: World, op: string): AnyActorLogic {
  if (world.config.api === '2015') {
    // Seed 000's dummy driver: its own ioctls; EXPOSE_MM is one phase (applyStepMachine).
    if (op === 'dev.read' || op === 'dev.write') return dummyAccessMachine;
    if (op === 'dev.migrate') return dummyMigrateMachine;
    if (op === 'mirror.open') return applyStepMachine;
  }
  if (op === 'dev.snapshot' && world.config.api === '2018') return snapshot2018Machine;
  if ((op === 'dev.read' || op === 'dev.write') && world.config.api === '2018')
    return devFault2018Machine;
  return machineForOp(op);
}

/**
 * The machine for one step in this world: GMEM's machines where the step is a gm.* op or a CPU
 * access that faults into an unmapped peer-shared chunk (that depends on the world), else the
 * op's machine ({@link machineForOpIn}).
 */
export function machineForStep(world: World, step: Step): AnyActorLogic {
  return gmMachineForStep(world, step) ?? machineForOpIn(world, step.op);
}

/** A safety net against a machine that never reaches a final state (an engine or chart bug). */
const MAX_PHASES = 1_000_000;

/**
 * Creates the op's machine actor, sends `op.step` until it is done, and returns what
 * applyStep(world, step, index) returns: `{ world, result, microsteps, violations }`.
 */
export function runOpMachine(world: World, step: Step, index = 0): OpOutput {
  // A halted kernel runs nothing: the engine's answer says why (no machine to drive).
  if (world.halted !== null) return applyStep(world, step, index);
  const input: OpInput = { world, step, index };
  const actor = createActor(machineForStep(world, step), { input });
  let failure: unknown = null;
  actor.subscribe({ error: (e) => (failure = e) });
  actor.start();
  for (let n = 0; actor.getSnapshot().status === 'active'; n++) {
    if (n >= MAX_PHASES) throw new Error(`op ${step.op} did not finish`);
    actor.send({ type: 'op.step' });
  }
  const snap = actor.getSnapshot();
  if (snap.status === 'error' || failure !== null) throw failure ?? snap.error;
  return snap.output as OpOutput;
}
