/**
 * The `gm.*` scenario ops as machines: GMEM's KPI (seed 003 mm/gmem.c, domain.md §2.18 G0-G5),
 * each built from the phase table the engine runs (phasedMachine.ts). A `precheck` state first
 * answers what a scenario gets wrong (gmPrecheck, as applyStep does) before any kernel code runs.
 * gm.mmu (the driver's fault injection) is one phase: applyStepMachine runs it.
 */
import {
  type GmStep,
  type PhasedOp,
  gmAsAttachOp,
  gmAsCreateOp,
  gmAsDestroyOp,
  gmDevCreateOp,
  gmDevDestroyOp,
  gmDevFaultOp,
  gmInputOf,
  gmPrecheck,
  gmRegisterPhysmemOp,
  gmemInitOp,
} from '../../engine/index';
import type { OpInput } from '../opTypes';
import { type PhasedMachineOptions, phasedMachine, phasedStateNames } from './phasedMachine';

/** A gm.* step's machine options: its table's input as dispatchGm builds it, and the precheck. */
function gmOptions<I, C>(): PhasedMachineOptions<I, C> {
  return {
    input: (i: OpInput) => gmInputOf(i.step as GmStep) as I,
    precheck: (tx, step) => gmPrecheck(tx, step as GmStep),
  };
}

function gmMachine<I, C>(op: PhasedOp<I, C>) {
  return phasedMachine(op, gmOptions<I, C>());
}

export const gmDevCreateMachine = gmMachine(gmDevCreateOp);
export const gmDevDestroyMachine = gmMachine(gmDevDestroyOp);
export const gmRegisterPhysmemMachine = gmMachine(gmRegisterPhysmemOp);
export const gmAsCreateMachine = gmMachine(gmAsCreateOp);
export const gmAsDestroyMachine = gmMachine(gmAsDestroyOp);
export const gmAsAttachMachine = gmMachine(gmAsAttachOp);
export const gmDevFaultMachine = gmMachine(gmDevFaultOp);

/**
 * gmem_init() at boot (setup_gmem, then the caches and the static key). createWorld boots without
 * a transaction; this machine shows the same sequence phase by phase (not a scenario step). The
 * step's `on` is the gmem= option (default: what the world booted with).
 */
export const gmemInitMachine = phasedMachine(gmemInitOp, {
  input: (i: OpInput) => {
    const on = (i.step as { on?: unknown }).on;
    return { on: typeof on === 'boolean' ? on : (i.world.gmem?.enabled ?? false) };
  },
});

/** The machine of each gm.* op that has a phase table (gm.mmu has none). */
export const GM_OP_MACHINES = {
  'gm.dev-create': gmDevCreateMachine,
  'gm.dev-destroy': gmDevDestroyMachine,
  'gm.dev-register-physmem': gmRegisterPhysmemMachine,
  'gm.as-create': gmAsCreateMachine,
  'gm.as-destroy': gmAsDestroyMachine,
  'gm.as-attach': gmAsAttachMachine,
  'gm.dev-fault': gmDevFaultMachine,
} as const;

/** The state names of a gm.* op's machine: precheck, the table's phases, halted, done. */
export function gmStateNames(op: PhasedOp<never, unknown>): string[] {
  return phasedStateNames(op as PhasedOp<unknown, unknown>, { precheck: true });
}
