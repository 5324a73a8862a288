/**
 * `dev.migrate`: HMM_DMIRROR_MIGRATE_TO_DEV (lib/test_hmm.c dmirror_migrate_to_device;
 * kernel-selftests.md §A.4). In chunks of 64 pages clipped to VMAs (-EINVAL at an address with no
 * VMA or no VM_READ): migrate_vma_setup(SELECT_SYSTEM, owner = this device) → alloc and copy →
 * migrate_vma_pages → map in the device page table → migrate_vma_finalize. Then the whole range
 * is read back through the mirror: any page not mapped there gives -ENOENT.
 */
import { type Bounce, dmirrorDoReadTx } from '../driver/dmirrorBounce';
import {
  dmirrorMigrateAllocAndCopyTx,
  dmirrorMigrateFinalizeAndMapTx,
} from '../driver/dmirrorMigrate';
import { err } from '../errno';
import { MIGRATE_VMA_SELECT_SYSTEM } from '../mm/migratePfn';
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { migrateVmaSetupTx } from '../mm/migrateVmaSetup';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { findVma } from '../world';
import { isOutcome, openMirror } from './common';

/** ARRAY_SIZE(src_pfns): the driver migrates at most 64 pages per migrate_vma_setup(). */
export const MIGRATE_CHUNK = 64;

/** One chunk of the VMA walk: [addr, next), or ret -EINVAL. */
export interface ChunkLookup {
  readonly ret: number;
  readonly next: number;
}

/**
 * `vma = vma_lookup(mm, addr)` for chunk number `chunk` of ioctl `fn`: -EINVAL if there is no VMA
 * or it lacks VM_READ (narrated for the first chunk only: later chunks are merged into one
 * summary micro-step); otherwise the chunk ends at 64 pages, the VMA's end or the range's end.
 */
export function migrateVmaLookupTx(
  tx: Tx,
  proc: string,
  addr: number,
  end: number,
  chunk: number,
  fn: string,
): ChunkLookup {
  const vma = findVma(tx.proc(proc)?.vmas ?? [], addr);
  if (vma === undefined || !vma.read) {
    if (chunk === 0) {
      tx.emit(
        fn,
        fn,
        () => `Page ${addr} has no readable VMA: vma_lookup fails the check, -EINVAL.`,
      );
    }
    return { ret: err('EINVAL'), next: addr };
  }
  return { ret: 0, next: Math.min(end, addr + MIGRATE_CHUNK, vma.end) };
}

/** The summary micro-step of the merged chunks after the first (`ret`: the walk's result). */
export function chunksNarration(ret: number): (merged: number) => string {
  return (n) =>
    ret === 0
      ? `The same migration ran for the remaining chunks of up to 64 pages (${n} steps merged).`
      : `The remaining chunks ran until one failed: ${ret === err('EINVAL') ? 'a page with no readable VMA gives -EINVAL' : `error ${ret}`} (${n} steps merged).`;
}

/**
 * Runs `body` once per chunk [addr, next) of the VMA walk both migrate ioctls share; chunks after
 * the first are merged into one micro-step. Returns 0 or the first error.
 */
export function forEachMigrateChunk(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  fn: string,
  body: (addr: number, next: number) => number,
): number {
  let ret = 0;
  // Merging starts with the second chunk, so a walk of one chunk has nothing to end.
  let merging = false;
  for (let addr = start, chunk = 0; addr < end; chunk++) {
    if (chunk === 1) {
      tx.beginCoalesce();
      merging = true;
    }
    const lookup = migrateVmaLookupTx(tx, proc, addr, end, chunk, fn);
    ret = lookup.ret;
    if (ret !== 0) break;
    ret = body(addr, lookup.next);
    if (ret !== 0) break;
    addr = lookup.next;
  }
  if (merging) tx.endCoalesce(fn, fn, chunksNarration(ret));
  return ret;
}

export function opDevMigrate(
  tx: Tx,
  step: { mirror: string; page: number; count: number },
): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  const start = step.page;
  const end = start + step.count;
  const ret = forEachMigrateChunk(
    tx,
    m.proc,
    start,
    end,
    'dmirror_migrate_to_device',
    (addr, next) => {
      const setup = migrateVmaSetupTx(tx, {
        proc: m.proc,
        start: addr,
        end: next,
        flags: MIGRATE_VMA_SELECT_SYSTEM,
        pgmapOwner: m.device,
        faultPage: null,
      });
      if (setup.ret !== 0) return setup.ret;
      const copied = dmirrorMigrateAllocAndCopyTx(tx, setup.mig, step.mirror);
      const moved = migrateVmaPagesTx(tx, copied);
      dmirrorMigrateFinalizeAndMapTx(tx, moved, step.mirror);
      migrateVmaFinalizeTx(tx, moved);
      return 0;
    },
  );
  if (ret !== 0) return { ret };
  // "Return the migrated data for verification": only pages this mirror now maps.
  const b: Bounce = { addr: start, data: new Array<number>(step.count).fill(0), cpages: 0 };
  const r = dmirrorDoReadTx(tx, step.mirror, start, end, b);
  if (r !== 0) return { ret: r };
  return { ret: 0, cpages: b.cpages, data: b.data };
}
