/**
 * The driver's copy step for device → system migrations (lib/test_hmm.c
 * dmirror_devmem_fault_alloc_and_copy), shared by HMM_DMIRROR_MIGRATE_TO_SYS and by the
 * migrate_to_ram() fault handler, plus the ioctl's success count.
 */
import { pagesText, plural } from '../narrate';
import {
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_VALID,
  MIGRATE_PFN_WRITE,
  hasFlag,
  migratePfn,
  migratePfnToFrame,
} from '../mm/migratePfn';
import type { MigrateVma } from '../mm/migrateTypes';
import { allocSysPage } from '../mm/pageAlloc';
import type { Tx } from '../tx';

export const PHASE_SYS_ALLOC_COPY = 'dmirror_devmem_fault_alloc_and_copy';

/**
 * For every selected device page: allocate a system page (alloc_page_vma), lock it, erase the
 * mirror's device entry (xa_erase), copy the data back, dst = migrate_pfn | WRITE if the source
 * was writable. `mirror` may be null or closed (then there is no device entry to erase).
 * Returns the new migration and how many allocations failed.
 */
export function dmirrorDevmemFaultAllocAndCopyTx(
  tx: Tx,
  mig: MigrateVma,
  mirror: string | null,
  phase = PHASE_SYS_ALLOC_COPY,
): { mig: MigrateVma; failed: number } {
  const dst = mig.dst.slice();
  const copied: number[] = [];
  let failed = 0;
  // Selected entries without a page (a hole; the zero page on a B11 kernel): skipped, dst 0.
  let pageless = 0;
  const open = mirror !== null && tx.mirror(mirror) !== undefined;
  for (let i = 0; i < mig.npages; i++) {
    const s = mig.src[i] as number;
    const spage = migratePfnToFrame(s);
    if (spage === null && hasFlag(s, MIGRATE_PFN_MIGRATE)) pageless++;
    if (spage === null || !hasFlag(s, MIGRATE_PFN_MIGRATE)) continue;
    if (tx.frame(spage).zone !== 'device') continue; // WARN_ON(!device private && !coherent)
    const dpage = allocSysPage(tx);
    if (dpage === null) {
      failed++;
      continue;
    }
    const e = tx.edit(dpage);
    e.locked = true;
    e.value = tx.frame(spage).value;
    tx.noteCopy(spage, dpage);
    if (open && mirror !== null && mig.proc !== null) tx.setDpt(mirror, mig.start + i, null);
    dst[i] = migratePfn(dpage) + (hasFlag(s, MIGRATE_PFN_WRITE) ? MIGRATE_PFN_WRITE : 0);
    copied.push(mig.start + i);
  }
  tx.emit(
    'dmirror_devmem_fault_alloc_and_copy',
    phase,
    tx.coalescing
      ? ''
      : copied.length === 0
        ? `The driver has no device page to copy back${failed > 0 ? ` (${plural(failed, 'allocation')} failed)` : ''}${skipped(pageless)}.`
        : `The driver allocates ${plural(copied.length, 'system page')}, ` +
          (open ? `erases ${mirror}'s device entries, ` : '') +
          `and copies the data back from device memory for ${mig.proc === null ? plural(copied.length, 'device page') : pagesText(copied)}` +
          (failed > 0 ? `; ${plural(failed, 'allocation')} failed` : '') +
          skipped(pageless) +
          '.',
  );
  return { mig: { ...mig, dst }, failed };
}

/** The narration's note on selected entries that have no page (migrate_pfn_to_page() is NULL). */
function skipped(n: number): string {
  if (n === 0) return '';
  return `; ${plural(n, 'selected entry', 'selected entries')} without a page ${n === 1 ? 'is' : 'are'} skipped (migrate_pfn_to_page() is NULL): dst stays 0`;
}

/** dmirror_successful_migrated_pages(): entries still VALID and MIGRATE after migrate_vma_pages. */
export function dmirrorSuccessfulMigratedPages(mig: MigrateVma): number {
  let n = 0;
  for (let i = 0; i < mig.npages; i++) {
    const s = mig.src[i] as number;
    if (hasFlag(s, MIGRATE_PFN_VALID) && hasFlag(s, MIGRATE_PFN_MIGRATE)) n++;
  }
  return n;
}
