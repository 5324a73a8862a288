/**
 * The kernel phases of a CPU fault as pure functions for the machine layer (see phases.ts):
 * handle_mm_fault() whole, and do_swap_page() on a device-private entry whole or as its halves
 * around the driver's migrate_to_ram (the CPU-fault machine's first and last phases).
 */
import {
  type MigrateToRam,
  dmirrorDevmemFaultArgs,
  staleFaultPage as staleFaultPageTx,
} from './driver/dmirrorDevmemFault';
import { type SwapLock, doSwapPageLockTx, doSwapPageTx, doSwapPageUnlockTx } from './mm/doSwapPage';
import { type FaultOutcome, handleMmFault as handleMmFaultTx } from './mm/fault';
import { type PhaseResult, runPhase } from './tx';
import type { World } from './types';

/** handle_mm_fault() on one page (anonymous fault, CoW, or do_swap_page → migrate_to_ram). */
export function handleMmFault(
  world: World,
  proc: string,
  page: number,
  write: boolean,
): PhaseResult<FaultOutcome> {
  return runPhase(world, (tx) => handleMmFaultTx(tx, proc, page, write));
}

/** do_swap_page() on a device-private entry: lock + get, migrate_to_ram, unlock + put. */
export function doSwapPage(world: World, proc: string, page: number): PhaseResult<FaultOutcome> {
  return runPhase(world, (tx) => doSwapPageTx(tx, proc, page));
}

export type { MigrateToRam, SwapLock };

/** do_swap_page()'s first half: trylock_page + get_page on the device-private entry's page. */
export function doSwapPageLock(world: World, proc: string, page: number): PhaseResult<SwapLock> {
  return runPhase(world, (tx) => doSwapPageLockTx(tx, proc, page));
}

/** dmirror_devmem_fault()'s migrate_vma_setup() arguments for the locked page. No change. */
export function migrateToRamArgs(
  world: World,
  proc: string,
  page: number,
  frame: number,
): MigrateToRam | null {
  return runPhase(world, (tx) => dmirrorDevmemFaultArgs(tx, proc, page, frame)).value;
}

/** do_swap_page()'s second half: unlock_page + put_page (if it took them); true if freed. */
export function doSwapPageUnlock(
  world: World,
  frame: number,
  referenced = true,
): PhaseResult<boolean> {
  return runPhase(world, (tx) => doSwapPageUnlockTx(tx, frame, referenced));
}

/** Before the B1 fix: was vmf->page freed meanwhile? Reports the use-after-free (or crash). */
export function staleFaultPage(world: World, frame: number): PhaseResult<boolean> {
  return runPhase(world, (tx) => staleFaultPageTx(tx, frame));
}
