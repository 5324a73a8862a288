/**
 * The kernel phases of the GUP and device-exclusive ops as pure functions for the machine layer
 * (see phases.ts): each runs one phase in its own transaction. ops/gup.ts and
 * ops/devExclusive.ts compose the same code for applyStep().
 */
import { type GupRequest, getUserPagesTx } from './mm/gup';
import { checkAndMigrateMovablePagesTx, migrateLongtermUnpinnableTx } from './mm/gupLongterm';
import { dmirrorExclusiveLoopTx } from './ops/devExclusive';
import { type GupStep, gupRecordTx, gupValidate } from './ops/gup';
import type { OpOutcome } from './steps';
import { type PhaseResult, runPhase } from './tx';
import type { World } from './types';

export type { GupRequest, GupStep };

/** The checks before GUP runs (-ESRCH, -EEXIST). Changes nothing. */
export function gupStart(world: World, step: GupStep): PhaseResult<GupRequest | OpOutcome> {
  return runPhase(world, (tx) => gupValidate(tx, step));
}

/** __get_user_pages(): follow_page_pte / faultin_page / try_grab_folio for every page. */
export function getUserPages(
  world: World,
  req: GupRequest,
): PhaseResult<{ ret: number; frames: number[] }> {
  return runPhase(world, (tx) => getUserPagesTx(tx, req));
}

/** check_and_migrate_movable_pages(): the indices of the pages that may not stay pinned. */
export function checkAndMigrateMovablePages(
  world: World,
  req: GupRequest,
  frames: readonly number[],
): PhaseResult<number[]> {
  return runPhase(world, (tx) => checkAndMigrateMovablePagesTx(tx, req, frames));
}

/** migrate_longterm_unpinnable_folios(): -EAGAIN (run GUP again) or -EBUSY. */
export function migrateLongtermUnpinnableFolios(
  world: World,
  req: GupRequest,
  frames: readonly number[],
): PhaseResult<number> {
  return runPhase(world, (tx) => migrateLongtermUnpinnableTx(tx, req.proc, req.start, frames));
}

/** GUP returns: the handle `name` keeps the pages. */
export function gupReturn(
  world: World,
  name: string,
  req: GupRequest,
  frames: readonly number[],
): PhaseResult<null> {
  return runPhase(world, (tx) => {
    gupRecordTx(tx, name, req, frames.slice());
    return null;
  });
}

/** dmirror_exclusive()'s loop: make_device_exclusive + dmirror_atomic_map per page. */
export function dmirrorExclusive(
  world: World,
  mirror: string,
  proc: string,
  start: number,
  end: number,
): PhaseResult<number> {
  return runPhase(world, (tx) => dmirrorExclusiveLoopTx(tx, mirror, proc, start, end));
}
