/**
 * `dev.release`: HMM_DMIRROR_RELEASE (lib/test_hmm.c dmirror_device_remove_chunks; domain.md
 * §2.9.3, scenario S9 with eviction). Mark the chunk removed and unlink its free pages
 * (dmirror_remove_free_pages), evict every page in use (dmirror_device_evict_chunk:
 * migrate_device_range → copy into new system pages → migrate_device_pages →
 * migrate_device_finalize), then memunmap_pages(), which returns once the pgmap count is 0.
 * Data survives; a later allocation creates a new chunk.
 *
 * Each step is its own function so that the release machine runs them one phase at a time
 * (src/engine/phasesEvict.ts) with the very code and narration applyStep() runs.
 */
import { dmirrorRemoveFreePages } from '../driver/dmirrorDevmem';
import { dmirrorDevmemFaultAllocAndCopyTx } from '../driver/dmirrorMigrateToSystem';
import { err } from '../errno';
import { memunmapPages } from '../mm/devmem';
import { migrateDeviceRangeTx } from '../mm/migrateDeviceRange';
import type { MigrateVma } from '../mm/migrateTypes';
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { isFixedKernel } from '../config';
import { v } from '../invariantsCatalog';
import { plural } from '../narrate';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';

/** The phase name every eviction micro-step carries. */
export const PHASE_EVICT = 'dmirror_device_evict_chunk';

/** What the entry checks of dmirror_device_remove_chunks() decide. */
export type RemoveChunksVerdict =
  | { readonly kind: 'fail'; readonly outcome: OpOutcome }
  | { readonly kind: 'noChunk' }
  /** `merge`: migrate_device_range's micro-steps are merged into one. */
  | { readonly kind: 'evict'; readonly merge: boolean }
  /** Without FIX_EVICT_ON_RELEASE: the driver goes straight to memunmap_pages (B4, B5). */
  | { readonly kind: 'unbind' };

/**
 * The device must exist (-ENOENT); a device without a chunk has nothing to release; eviction
 * allocates with __GFP_NOFAIL, which the kernel would retry (or OOM-kill) forever, so the model
 * refuses up front when RAM cannot hold the pages in use (-ENOMEM, nothing changed).
 */
export function dmirrorRemoveChunksCheckTx(tx: Tx, devName: string): RemoveChunksVerdict {
  if (!tx.hasDevice(devName)) {
    return {
      kind: 'fail',
      outcome: { ret: err('ENOENT'), error: `no device ${devName} in this machine` },
    };
  }
  const d = tx.device(devName);
  if (d.pgmap === null) {
    tx.emit(
      'dmirror_device_remove_chunks',
      PHASE_EVICT,
      () => `${devName} has no memory chunk: nothing to release.`,
    );
    return { kind: 'noChunk' };
  }
  if (!tx.config.fixes.evictOnRelease) {
    tx.emit(
      'dmirror_device_remove_chunks',
      PHASE_EVICT,
      () =>
        `${devName} is being removed. This driver predates "Evict device private memory during release": it does not migrate its ${plural(d.nrAllocated, 'page')} in use back first, it calls memunmap_pages straight away.`,
    );
    return { kind: 'unbind' };
  }
  if (tx.sysFree < d.nrAllocated) {
    return {
      kind: 'fail',
      outcome: {
        ret: err('ENOMEM'),
        error: 'not enough free system RAM to evict the device memory',
      },
    };
  }
  return { kind: 'evict', merge: d.nrAllocated > tx.config.detailBudget };
}

/** dmirror_remove_free_pages(), narrated: returns how many free pages were unlinked. */
export function dmirrorRemoveFreePagesTx(tx: Tx, devName: string): number {
  const parked = dmirrorRemoveFreePages(tx, devName);
  tx.emit(
    'dmirror_remove_free_pages',
    PHASE_EVICT,
    () =>
      `${devName}'s chunk is marked for removal and its ${plural(parked, 'free page')} leave the free list, so nothing can allocate them again (INV-P13).`,
  );
  return parked;
}

/** The summary micro-step of migrate_device_range's merged micro-steps. */
export function deviceRangeNarration(devName: string, mig: MigrateVma): (merged: number) => string {
  return (n) =>
    `migrate_device_range takes the ${plural(mig.cpages, 'page')} in use of ${devName} and replaces each of their mappings with a migration entry (${n} steps merged).`;
}

/**
 * memunmap_pages(), narrated: true once it returned. With the driver's eviction (the fixed
 * kernel) a page it could not evict makes it wait forever, which the model reports as -EBUSY;
 * without eviction that wait is the bug itself (B5): a HANG outcome. ERA_B returns at once with
 * pages still in use (B4): INV-P7 breaks here, the crash comes at the next touch.
 */
export function memunmapPagesTx(tx: Tx, devName: string): boolean {
  // The kernel died earlier in this removal (B8: page_free through an overwritten pgmap while
  // evicting): memunmap_pages never runs, and no second outcome is recorded.
  if (tx.haltedBy !== null) return true;
  const refs = tx.device(devName).pgmap?.refcount ?? 0;
  const r = memunmapPages(tx, devName);
  if (r.kind === 'hang') {
    const waiting = `the pgmap still has ${refs - 1} references of pages in use`;
    // The fixed kernel only gets here with a page someone else holds (the model answers
    // -EBUSY); on a buggy kernel the wait is the bug's outcome (B5, or B10's pinned page).
    if (!isFixedKernel(tx.config)) {
      tx.fail({
        kind: 'hang',
        invariant: 'INV-P7',
        message: `memunmap_pages waits uninterruptibly for ${plural(r.waiting, 'page')} still in use (mapped, or pinned): the removal never returns (hang, RCU stall warnings).`,
      });
    }
    tx.emit('memunmap_pages', PHASE_EVICT, () =>
      tx.haltedBy !== null
        ? `memunmap_pages kills the percpu_ref and waits for it to reach 0, but ${waiting}: nobody will ever free them, so it waits forever (HANG).`
        : `memunmap_pages would wait forever: ${waiting} (HANG).`,
    );
    return false;
  }
  if (r.kind === 'early') {
    tx.flag(
      v(
        'INV-P7',
        `memunmap_pages returned while ${plural(r.inUse, 'page')} of ${devName} ${r.inUse === 1 ? 'is' : 'are'} still in use`,
      ),
    );
    tx.emit(
      'memunmap_pages',
      PHASE_EVICT,
      () =>
        `memunmap_pages kills the percpu_ref and drops the per-pfn references by hand (percpu_ref_put_many), so it returns at once although ${plural(r.inUse, 'page')} ${r.inUse === 1 ? 'is' : 'are'} still mapped. The driver frees the pgmap: those mappings now point at freed memory (CVE-2022-3523).`,
    );
    return true;
  }
  tx.emit(
    'memunmap_pages',
    PHASE_EVICT,
    () =>
      `memunmap_pages kills the pgmap's percpu_ref; only the base reference was left, so it reaches 0 at once and the chunk of ${devName} is gone.`,
  );
  return true;
}

/** dmirror_device_remove_chunks() for one device: its outcome (0, -ENOENT, -ENOMEM, -EBUSY). */
export function removeDeviceChunks(tx: Tx, devName: string): OpOutcome {
  const verdict = dmirrorRemoveChunksCheckTx(tx, devName);
  if (verdict.kind === 'fail') return verdict.outcome;
  if (verdict.kind === 'noChunk') return { ret: 0 };
  if (verdict.kind === 'unbind')
    return { ret: memunmapPagesTx(tx, devName) || tx.haltedBy ? 0 : err('EBUSY') };
  dmirrorRemoveFreePagesTx(tx, devName);
  if (verdict.merge) tx.beginCoalesce();
  const mig = migrateDeviceRangeTx(tx, devName);
  if (verdict.merge) {
    tx.endCoalesce('migrate_device_range', PHASE_EVICT, deviceRangeNarration(devName, mig));
  }
  const copied = dmirrorDevmemFaultAllocAndCopyTx(tx, mig, null, PHASE_EVICT);
  const moved = migrateVmaPagesTx(tx, copied.mig, PHASE_EVICT);
  migrateVmaFinalizeTx(tx, moved, PHASE_EVICT);
  // A hang on a buggy kernel never returns (ret 0 with the outcome), as the release machine says.
  return { ret: memunmapPagesTx(tx, devName) || tx.haltedBy !== null ? 0 : err('EBUSY') };
}

export function opDevRelease(tx: Tx, step: { device: string }): OpOutcome {
  return removeDeviceChunks(tx, step.device);
}
