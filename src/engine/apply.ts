/**
 * The simple pure driver: one scenario step through all its phases.
 * `applyStep(world, step)` → `{ world, result, microsteps, violations }`.
 */
import { errnoName, err } from './errno';
import { checkAtRest } from './invariants';
import type { LocatedViolation, MicroStep } from './microstep';
import { opCpuAccess } from './ops/cpuAccess';
import { opDevAccess } from './ops/devAccess';
import { opDevMigrate } from './ops/devMigrate';
import { opDevMigrateBack } from './ops/devMigrateBack';
import { opDevRelease } from './ops/devRelease';
import { opDevCheckExclusive, opDevExclusive } from './ops/devExclusive';
import { opDevSnapshot } from './ops/devSnapshot';
import { opExit } from './ops/exit';
import { opGup, opGupUnpin } from './ops/gup';
import { opMadvise } from './ops/madvise';
import { opFork } from './ops/fork';
import { opMirrorClose } from './ops/mirrorClose';
import { opMirrorOpen } from './ops/mirrorOpen';
import { opMmap } from './ops/mmap';
import { opMprotect } from './ops/mprotect';
import { opMunmap } from './ops/munmap';
import { opSpawn } from './ops/spawn';
import {
  type OpOutcome,
  type Step,
  type StepResult,
  type SupportedStep,
  SUPPORTED_OPS,
  stepValues,
} from './steps';
import { dispatch2015 } from './hmm2015/dispatch';
import { dispatchGm } from './gmem/ops';
import { Tx } from './tx';
import type { World } from './types';

export interface ApplyResult {
  readonly world: World;
  readonly result: StepResult;
  readonly microsteps: readonly MicroStep[];
  readonly violations: readonly LocatedViolation[];
}

function isSupported(step: Step): step is SupportedStep {
  return (SUPPORTED_OPS as readonly string[]).includes(step.op);
}

function dispatch(tx: Tx, s: SupportedStep): OpOutcome {
  if (tx.config.api === '2015') {
    const o = dispatch2015(tx, s);
    if (o !== null) return o;
  }
  switch (s.op) {
    case 'spawn':
      return opSpawn(tx, s);
    case 'mmap':
      return opMmap(tx, s);
    case 'munmap':
      return opMunmap(tx, s);
    case 'mprotect':
      return opMprotect(tx, s);
    case 'cpu.read':
      return opCpuAccess(tx, s.proc, s.page, s.count, null);
    case 'cpu.write':
      return opCpuAccess(tx, s.proc, s.page, s.count, stepValues(s));
    case 'exit':
      return opExit(tx, s);
    case 'fork':
      return opFork(tx, s);
    case 'mirror.open':
      return opMirrorOpen(tx, s);
    case 'mirror.close':
      return opMirrorClose(tx, s);
    case 'dev.read':
      return opDevAccess(tx, s.mirror, s.page, s.count, null);
    case 'dev.write':
      return opDevAccess(tx, s.mirror, s.page, s.count, stepValues(s));
    case 'dev.migrate':
      return opDevMigrate(tx, s);
    case 'dev.migrate-back':
      return opDevMigrateBack(tx, s);
    case 'dev.snapshot':
      return opDevSnapshot(tx, s);
    case 'dev.release':
      return opDevRelease(tx, s);
    case 'dev.exclusive':
      return opDevExclusive(tx, s);
    case 'dev.check-exclusive':
      return opDevCheckExclusive(tx, s);
    case 'gup.get':
    case 'gup.pin':
      return opGup(tx, s);
    case 'gup.unpin':
      return opGupUnpin(tx, s);
    case 'madvise':
      return opMadvise(tx, s);
    case 'gm.dev-create':
    case 'gm.dev-destroy':
    case 'gm.dev-register-physmem':
    case 'gm.as-create':
    case 'gm.as-destroy':
    case 'gm.as-attach':
    case 'gm.dev-fault':
    case 'gm.mmu':
      return dispatchGm(tx, s);
    case 'race':
      // Interleaving kernel phases needs the op machines (src/machines/ops/raceMachine.ts).
      return { ret: err('ENOSYS'), error: 'a race runs only through the op machines' };
  }
}

/** Orders the result fields as the trace contract shows them; `outcome` from the micro-steps. */
export function toResult(
  index: number,
  op: string,
  o: OpOutcome,
  microsteps: readonly MicroStep[] = [],
): StepResult {
  const r: { -readonly [K in keyof StepResult]: StepResult[K] } = {
    step: index,
    op,
    ret: o.ret,
    errno: errnoName(o.ret),
  };
  if (o.cpages !== undefined) r.cpages = o.cpages;
  if (o.faults !== undefined) r.faults = o.faults;
  if (o.data !== undefined) r.data = o.data;
  if (o.prot !== undefined) r.prot = o.prot;
  if (o.signal !== undefined) r.signal = o.signal;
  if (o.signalPage !== undefined) r.signalPage = o.signalPage;
  if (o.error !== undefined) r.error = o.error;
  if (o.threads !== undefined) r.threads = o.threads;
  if (o.turns !== undefined) r.turns = o.turns;
  if (o.dummy !== undefined) r.dummy = o.dummy;
  if (o.gm !== undefined) r.gm = o.gm;
  const broke = o.outcome ?? microsteps.find((m) => m.outcome !== undefined)?.outcome;
  if (broke !== undefined) r.outcome = broke;
  if (o.notRun !== undefined) r.notRun = o.notRun;
  return r;
}

/** Runs one step through all its phases. `index` is the step's position (for results). */
export function applyStep(world: World, step: Step, index = 0): ApplyResult {
  if (world.halted !== null) return notRunResult(world, step, index);
  const tx = new Tx(world);
  let outcome: OpOutcome;
  if (!isSupported(step)) {
    outcome = { ret: err('ENOSYS'), error: `op ${step.op} is not supported yet` };
  } else {
    outcome = dispatch(tx, step);
  }
  if (tx.hasPendingChanges()) throw new Error(`op ${step.op} left changes without a micro-step`);
  const next = tx.world();
  const violations: LocatedViolation[] = tx.violations.map(({ microstep, v }) => ({
    ...v,
    step: index,
    microstep,
  }));
  if (world.config.invariantChecks !== 'off') {
    for (const v of checkAtRest(next, tx.microsteps)) {
      violations.push({ ...v, step: index, microstep: Math.max(0, tx.microsteps.length - 1) });
    }
  }
  return {
    world: next,
    result: toResult(index, step.op, outcome, tx.microsteps),
    microsteps: tx.microsteps,
    violations,
  };
}

const HALT_WORDS: Record<string, string> = {
  crash: 'crashed',
  hang: 'hung',
  'use-after-free': 'used freed memory',
  livelock: 'livelocked',
  'lost-write': 'lost a write permission',
};

/** A step after the kernel halted: nothing runs, and the result says why. */
function notRunResult(world: World, step: Step, index: number): ApplyResult {
  const h = world.halted;
  const why =
    h === null ? '' : `the kernel ${HALT_WORDS[h.kind] ?? h.kind} earlier (${h.invariant})`;
  return {
    world,
    result: toResult(index, step.op, { ret: 0, notRun: `not run: ${why}` }),
    microsteps: [],
    violations: [],
  };
}
