/**
 * The `gm.*` scenario ops (docs/scenario-format.md, "GMEM"): GMEM's KPI called by a device
 * driver, each run as its phase table (phased.ts). What a scenario gets wrong (a device that is
 * not a GMEM device, a gm_dev that was never created, an unknown address space) is answered with
 * an error result before any kernel code runs: a real driver would not have the pointer.
 */
import { err } from '../errno';
import { liveProc, isOutcome } from '../ops/common';
import type { GmStep, OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { gmAsAttachOp, gmAsCreateOp, gmAsDestroyOp } from './asKpi';
import { gmDevCreateOp, gmDevDestroyOp, gmRegisterPhysmemOp } from './devKpi';
import { gmDevFaultOp } from './devFault';
import { type PhasedOp, runPhasedIn } from './phased';
import { gmAsOf, gmDevOf, putDev } from './state';
import { MMU_OK } from './types';

function run<I, C>(tx: Tx, op: PhasedOp<I, C>, input: I): OpOutcome {
  return op.finish(runPhasedIn(tx, op, input));
}

/** The scenario-level checks of a `gm.*` step: null if the kernel code can run. */
export function gmPrecheck(tx: Tx, s: GmStep): OpOutcome | null {
  if (!tx.hasGm())
    return {
      ret: err('ENOSYS'),
      error: `${s.op}: this kernel is built without CONFIG_GMEM (set machine.kernel.gmem)`,
    };
  const g = tx.gm();
  if ('device' in s) {
    if (!tx.hasDevice(s.device) || tx.device(s.device).driver !== 'gmem')
      return { ret: err('EINVAL'), error: `${s.device} is not a GMEM device of the machine` };
    const created = gmDevOf(g, s.device) !== undefined;
    if (s.op === 'gm.dev-create' && created)
      return { ret: err('EEXIST'), error: `${s.device} already has a gm_dev` };
    if (s.op !== 'gm.dev-create' && s.op !== 'gm.mmu' && !created)
      return {
        ret: err('EINVAL'),
        error: `${s.device} has no gm_dev: gm.dev-create did not run or did not succeed`,
      };
  }
  if (s.op === 'gm.as-create' && gmAsOf(g, s.as) !== undefined)
    return { ret: err('EEXIST'), error: `address space ${s.as} already exists` };
  if ((s.op === 'gm.as-attach' || s.op === 'gm.as-destroy') && gmAsOf(g, s.as) === undefined)
    return { ret: err('EINVAL'), error: `no address space ${s.as} (gm.as-create first)` };
  if (s.op === 'gm.as-attach' || s.op === 'gm.dev-fault') {
    const p = liveProc(tx, s.proc);
    if (isOutcome(p)) return p;
  }
  return null;
}

/** gm.mmu: the driver's callbacks return something else from now on (fault injection). */
function setMmu(tx: Tx, s: Extract<GmStep, { op: 'gm.mmu' }>): OpOutcome {
  const before = tx.device(s.device).gmMmu ?? MMU_OK;
  const mmu = {
    peer_map: s.peer_map ?? before.peer_map,
    peer_unmap: s.peer_unmap ?? before.peer_unmap,
    pmap_create: s.pmap_create ?? before.pmap_create,
  };
  tx.editDevice(s.device).gmMmu = mmu;
  const d = gmDevOf(tx.gm(), s.device);
  if (d !== undefined) putDev(tx, { ...d, mmu });
  const said = (Object.keys(mmu) as (keyof typeof mmu)[])
    .map((k) => `${k} → ${mmu[k] === 'GM_RET_SUCCESS' ? 'does its work' : mmu[k]}`)
    .join(', ');
  tx.emit('gm_mmu', 'gm.mmu', `${s.device}'s driver callbacks now behave so: ${said}.`);
  return { ret: 0 };
}

export function dispatchGm(tx: Tx, s: GmStep): OpOutcome {
  const bad = gmPrecheck(tx, s);
  if (bad !== null) return bad;
  switch (s.op) {
    case 'gm.dev-create':
      return run(tx, gmDevCreateOp, { device: s.device, cap: s.cap ?? ['REPLAYABLE'] });
    case 'gm.dev-destroy':
      return run(tx, gmDevDestroyOp, { device: s.device });
    case 'gm.dev-register-physmem':
      return run(tx, gmRegisterPhysmemOp, s);
    case 'gm.as-create':
      return run(tx, gmAsCreateOp, s);
    case 'gm.as-destroy':
      return run(tx, gmAsDestroyOp, s);
    case 'gm.as-attach':
      return run(tx, gmAsAttachOp, { ...s, activate: s.activate ?? true });
    case 'gm.dev-fault':
      return run(tx, gmDevFaultOp, { ...s, hint: s.hint ?? null });
    case 'gm.mmu':
      return setMmu(tx, s);
  }
}

/** The phase table that runs a `gm.*` step (for the machines), or null for gm.mmu. */
export function gmPhasedOpFor(op: string): PhasedOp<never, unknown> | null {
  const table: Record<string, PhasedOp<never, unknown>> = {
    'gm.dev-create': gmDevCreateOp as unknown as PhasedOp<never, unknown>,
    'gm.dev-destroy': gmDevDestroyOp as unknown as PhasedOp<never, unknown>,
    'gm.dev-register-physmem': gmRegisterPhysmemOp as unknown as PhasedOp<never, unknown>,
    'gm.as-create': gmAsCreateOp as unknown as PhasedOp<never, unknown>,
    'gm.as-destroy': gmAsDestroyOp as unknown as PhasedOp<never, unknown>,
    'gm.as-attach': gmAsAttachOp as unknown as PhasedOp<never, unknown>,
    'gm.dev-fault': gmDevFaultOp as unknown as PhasedOp<never, unknown>,
  };
  return table[op] ?? null;
}

/** The input of a step's phase table (defaults filled in as dispatchGm does). */
export function gmInputOf(s: GmStep): unknown {
  switch (s.op) {
    case 'gm.dev-create':
      return { device: s.device, cap: s.cap ?? ['REPLAYABLE'] };
    case 'gm.as-attach':
      return { ...s, activate: s.activate ?? true };
    case 'gm.dev-fault':
      return { ...s, hint: s.hint ?? null };
    default:
      return s;
  }
}
