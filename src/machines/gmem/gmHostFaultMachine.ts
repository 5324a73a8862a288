/**
 * A CPU access (`cpu.read` / `cpu.write`) that faults on an unmapped peer-shared chunk: the
 * huge-page fault with GMEM's hunk and gm_host_fault_locked() (seed 003 @15452-16600,
 * domain.md §2.18 G6), phase by phase from the engine's gmHostFaultOp, then `access`: the loads or
 * stores of the whole range (opCpuAccess). applyStep() does the same fault inside opCpuAccess, on
 * the range's first page, before that page's access: the order of the micro-steps is the same.
 * If the fault failed (VM_FAULT_SIGBUS or OOM), `access` ends the access as opCpuAccess does.
 */
import {
  type HostFaultCtx,
  type HostFaultInput,
  type OpOutcome,
  type PhasedOp,
  type Step,
  type World,
  chunkOf,
  cpuFaultSigbus,
  findVma,
  getProc,
  getPte,
  gmHostFaultOp,
  opCpuAccess,
  stepValues,
} from '../../engine/index';
import type { OpInput } from '../opTypes';
import { type PhasedMachineOptions, phasedMachine, phasedStateNames } from './phasedMachine';

type CpuStep = Extract<Step, { op: 'cpu.read' | 'cpu.write' }>;

const ACCESS = 'access';

function isCpuStep(step: Step): step is CpuStep {
  return step.op === 'cpu.read' || step.op === 'cpu.write';
}

const options: PhasedMachineOptions<HostFaultInput, HostFaultCtx> = {
  input: (i: OpInput) => {
    const s = i.step as CpuStep;
    return { proc: s.proc, page: s.page, write: s.op === 'cpu.write' };
  },
  tail: {
    name: ACCESS,
    run: (tx, step, c) => {
      const s = step as CpuStep;
      const values = s.op === 'cpu.write' ? stepValues(s) : null;
      // The fault mapped the chunk: every access of the range now finds its PTE.
      if (c.result === 'done') return opCpuAccess(tx, s.proc, s.page, s.count, values);
      return cpuFaultSigbus(tx, s.proc, s.page, c.result);
    },
  },
  // gm_host_fault_locked oopsed (the lookup at address 0): opCpuAccess stops with ret 0.
  halted: (): OpOutcome => ({ ret: 0 }),
};

export const gmHostFaultMachine = phasedMachine(gmHostFaultOp, options);

/** The host-fault machine's states: the table's phases, `access`, halted, done. */
export const GM_HOST_FAULT_STATES = phasedStateNames(
  gmHostFaultOp as PhasedOp<unknown, unknown>,
  options,
);

/**
 * Whether `step` is a CPU access the host-fault machine runs: a live process, a range within one
 * chunk of a peer-shared VMA that allows the access, no page of it mapped (so the first page's
 * access faults into GMEM first), on a CONFIG_GMEM kernel. Anything else stays applyStepMachine.
 */
export function isGmHostFaultStep(world: World, step: Step): boolean {
  if (!isCpuStep(step) || world.gmem === undefined) return false;
  // With no detail budget the engine merges even the fault's micro-steps (Tx.beginCoalesce).
  if (world.config.detailBudget < 1 || step.count < 1) return false;
  const p = getProc(world, step.proc);
  if (p === undefined || !p.alive) return false;
  const write = step.op === 'cpu.write';
  const chunk = chunkOf(step.page);
  for (let page = step.page; page < step.page + step.count; page++) {
    if (chunkOf(page) !== chunk) return false;
    const vma = findVma(p.vmas, page);
    if (vma?.peer !== true || !vma.read || (write && !vma.write)) return false;
    if (getPte(world, step.proc, page) !== null) return false;
  }
  return true;
}
