/**
 * HMM Lab engine: a pure, deterministic model of Linux HMM (hmm_range_fault, mmu interval
 * notifiers, migrate_vma_*, ZONE_DEVICE private/coherent memory) driven by the test driver
 * lib/test_hmm.c. No React, DOM, d3 or xstate here.
 */
export { applyStep, toResult, type ApplyResult } from './apply';
export {
  DEFAULT_CONFIG,
  ERAS,
  FIX_FIELD,
  FIX_IDS,
  PIN_POLICIES,
  APIS,
  eraFixes,
  fixesOff,
  isFixedKernel,
  kernelConfig,
  validateConfig,
  type EngineConfig,
  type EngineFixes,
  type Era,
  type FixId,
  type KernelSpec,
  type PinPolicy,
  type HmmApi,
} from './config';
export { createWorld } from './createWorld';
export type { KernelOutcome, OutcomeKind } from './types';
export { devFreeRefcount, isFreeDevicePage } from './mm/devmem';
export { pgmapOverwritten } from './mm/lruAlias';
export { ERA_INFO, FIX_INFO, PIN_POLICY_INFO, type EraInfo, type FixInfo } from './history/catalog';
export { ERRNO, err, errnoName, type ErrnoName } from './errno';
export {
  INVARIANTS,
  checkAtRest,
  checkChanged,
  checkMigrateSetup,
  checkWorld,
  type InvariantId,
} from './invariants';
export { kernelFile, kernelLink, kernelTable } from './kernelSources';
export {
  isEmptyChanges,
  type Changes,
  type FrameCopy,
  type LocatedViolation,
  type MicroStep,
  type MirrorChange,
  type PteChange,
  type Violation,
} from './microstep';
export {
  HMM_PFN_ERROR,
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  hmmPfn,
  hmmPfnFlags,
  hmmPfnFrame,
  type HmmRange,
} from './mm/hmmRangeFault';
export type { FaultOutcome } from './mm/fault';
export * from './mm/migratePfn';
export type { MigrateVma, MigrateVmaArgs } from './mm/migrateTypes';
export type { InvalidateOutcome, NotifyEvent } from './mm/notifier';
export { dmirrorMkentry } from './ops/devSnapshot';
export * from './phases';
export { PVecEditor, pvecEmpty, pvecForEach, pvecFromArray, pvecGet, type PVec } from './pvec';
export {
  RACE_THREAD_OPS,
  SUPPORTED_OPS,
  UNSUPPORTED_OPS,
  stepValues,
  type RaceStep,
  type RaceThreadOp,
  type OpOutcome,
  type Prot,
  type Step,
  type StepResult,
  type SupportedOp,
  type SupportedStep,
  type UnsupportedOp,
} from './steps';
export {
  finalState,
  runScenario,
  type FinalState,
  type RunOptions,
  type ScenarioDoc,
  type Trace,
  type TraceFrame,
  type TracePte,
} from './trace';
export { runPhase, type PhaseResult, type Tx } from './tx';
export type * from './types';
export {
  createEmptyWorld,
  deviceOfFrame,
  findVma,
  frameLabel,
  getDevice,
  getFrame,
  getGup,
  getMirror,
  getProc,
  getPte,
  type MachineSpec,
} from './world';

// GMEM (seed 003): its objects, phase tables and checks, for the machines and views.
export * from './gmem/types';
export { type GmPhaseDef, type PhasedOp, runGmPhase, runPhasedIn } from './gmem/phased';
export { gmDevFaultOp, type DevFaultCtx, type DevFaultInput } from './gmem/devFault';
export {
  gmHostFaultOp,
  type HostFaultCtx,
  type HostFaultInput,
  HPAGE_PMD_ORDER,
} from './gmem/hostFault';
export { gmDevCreateOp, gmDevDestroyOp, gmRegisterPhysmemOp } from './gmem/devKpi';
export { gmAsAttachOp, gmAsCreateOp, gmAsDestroyOp } from './gmem/asKpi';
export { gmemInitOp } from './gmem/boot';
export { dispatchGm, gmInputOf, gmPhasedOpFor, gmPrecheck } from './gmem/ops';
export { checkGmem, devicesMapping } from './gmem/invariants';
// The CPU access a GMEM host fault ends in (src/machines/gmem/gmHostFaultMachine.ts).
export { cpuFaultSigbus, opCpuAccess } from './ops/cpuAccess';
export { gmAsOf, gmCtxOf, gmDevOf, gmHnodeOf, gmMappingOf } from './gmem/state';
export type { GmStep, GmResult } from './steps';
export { GM_OPS } from './steps';
