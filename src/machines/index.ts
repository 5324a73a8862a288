/**
 * The machine layer: an xstate v5 machine per kernel operation whose states are the kernel's
 * phases (each entry runs one pure engine phase; `op.step` moves on), a scenario machine that
 * runs a document op by op, and runners with the engine's own result shapes.
 *
 * The player (playerMachine.ts) is separate: it knows nothing of the kernel.
 */
export { type OpEvent, type OpInput, type OpOutput, type StepOf, finishOp } from './opTypes';
export { type LocalViolation, type PhaseLog, mergeChanges } from './phaseLog';
export { applyStepMachine, type ApplyStepMachine } from './ops/applyStepMachine';
export {
  cpuFaultMachine,
  type CpuFaultInput,
  type CpuFaultMachine,
  type CpuFaultOutput,
} from './ops/cpuFaultMachine';
export { devFaultMachine, type DevFaultContext, type DevFaultMachine } from './ops/devFaultMachine';
export { forkMachine, type ForkContext, type ForkMachine } from './ops/forkMachine';
export {
  migrateToDeviceMachine,
  type MigrateToDeviceContext,
  type MigrateToDeviceMachine,
} from './ops/migrateToDeviceMachine';
export {
  migrateToSystemMachine,
  type MigrateToSystemContext,
  type MigrateToSystemMachine,
} from './ops/migrateToSystemMachine';
export { mirrorCloseMachine, type MirrorCloseMachine } from './ops/mirrorCloseMachine';
export { mirrorOpenMachine, type MirrorOpenMachine } from './ops/mirrorOpenMachine';
export { releaseMachine, type ReleaseContext, type ReleaseMachine } from './ops/releaseMachine';
export { snapshotMachine, type SnapshotContext, type SnapshotMachine } from './ops/snapshotMachine';
export { machineForOp, machineForStep, runOpMachine } from './runOp';
export {
  GM_OP_MACHINES,
  gmAsAttachMachine,
  gmAsCreateMachine,
  gmAsDestroyMachine,
  gmDevCreateMachine,
  gmDevDestroyMachine,
  gmDevFaultMachine,
  gmRegisterPhysmemMachine,
  gmStateNames,
  gmemInitMachine,
} from './gmem/gmOpMachines';
export {
  GM_HOST_FAULT_STATES,
  gmHostFaultMachine,
  isGmHostFaultStep,
} from './gmem/gmHostFaultMachine';
export { type PhasedContext, phasedMachine, phasedStateNames } from './gmem/phasedMachine';
export {
  scenarioMachine,
  traceOf,
  type ScenarioContext,
  type ScenarioEvent,
  type ScenarioInput,
  type ScenarioMachine,
  type ScenarioOutput,
} from './scenarioMachine';
export { runScenarioWithMachines } from './runScenarioMachines';
