/**
 * The 2018 device fault path (dmirrorFault2018.ts) as pure phase functions for the machine
 * layer (machines/ops/devFault2018Machine.ts), like phases.ts does for today's: each wraps the
 * Tx function the engine's op runs, so the micro-steps and narration are the op's own.
 */
import { type PhaseResult, runPhase } from '../tx';
import type { World } from '../types';
import {
  type Fault2018,
  PHASE_RANGE_DONE_2018,
  dmirrorDoFault2018Tx,
  dmirrorVmaFault2018Tx,
} from './dmirrorFault2018';
import type { HmmRange2018 } from './hmmVmaFault';
import { hmmVmaRangeDoneTx } from './hmmVmaGetPfns';

export type { Fault2018, HmmRange2018 };
export { faultWindows2018Narration } from './dmirrorFault2018';

/** find_vma, the range's input entries, hmm_vma_fault(range, true). */
export function dmirrorVmaFault2018(
  world: World,
  args: {
    readonly mirror: string;
    readonly proc: string;
    readonly start: number;
    readonly end: number;
    readonly write: boolean;
    readonly back: readonly number[];
  },
): PhaseResult<Fault2018> {
  const { mirror, proc, start, end, write, back } = args;
  return runPhase(world, (tx) => dmirrorVmaFault2018Tx(tx, mirror, proc, start, end, write, back));
}

/** The driver's lock + hmm_vma_range_done(range): true if the entries may be used (lock kept). */
export function hmmVmaRangeDoneFault2018(
  world: World,
  mirror: string,
  seq: number,
): PhaseResult<boolean> {
  return runPhase(world, (tx) => hmmVmaRangeDoneTx(tx, mirror, seq, PHASE_RANGE_DONE_2018));
}

/** Decode and store the entries, unlock; `back`: another device's pages, to ask again. */
export function dmirrorDoFault2018(
  world: World,
  mirror: string,
  range: HmmRange2018,
  pfns: readonly number[],
  write: boolean,
): PhaseResult<{ ret: number; back: number[] }> {
  return runPhase(world, (tx) => dmirrorDoFault2018Tx(tx, mirror, range, pfns, write));
}
