/**
 * The driver's half of HMM_DMIRROR_MIGRATE_TO_DEV (lib/test_hmm.c): between migrate_vma_setup()
 * and migrate_vma_pages() it allocates device pages and copies the data
 * (dmirror_migrate_alloc_and_copy); between migrate_vma_pages() and migrate_vma_finalize() it maps
 * the new pages in its own page table (dmirror_migrate_finalize_and_map).
 */
import { pagesText, plural } from '../narrate';
import {
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_WRITE,
  hasFlag,
  migratePfn,
  migratePfnToFrame,
} from '../mm/migratePfn';
import type { MigrateVma } from '../mm/migrateTypes';
import type { Tx } from '../tx';
import { dmirrorDevmemAllocPage } from './dmirrorDevmem';

export const PHASE_ALLOC_COPY = 'dmirror_migrate_alloc_and_copy';
export const PHASE_FINALIZE_MAP = 'dmirror_migrate_finalize_and_map';

/**
 * dmirror_migrate_alloc_and_copy(): for every entry still MIGRATE, allocate a device page
 * (zone_device_page_init: refcount 1, locked, pgmap ref + 1), copy the source (or zero-fill a
 * hole), and set dst = migrate_pfn(dpage) | WRITE if the source was writable (or, for a hole, if
 * the VMA is). A source already in device memory is skipped with a WARN; a failed allocation
 * leaves dst = 0.
 */
export function dmirrorMigrateAllocAndCopyTx(tx: Tx, mig: MigrateVma, mirror: string): MigrateVma {
  const m = tx.mirror(mirror);
  if (m === undefined) throw new Error(`no mirror ${mirror}`);
  const dst = mig.dst.slice();
  const copied: number[] = [];
  const failed: number[] = [];
  let firstPage: number | null = null;
  // What an allocation does to the counters depends on the kernel's era (domain.md §0.3): said
  // as the state shows it, so the narration never contradicts the stage.
  let pgmapPerPage = true;
  for (let i = 0; i < mig.npages; i++) {
    const s = mig.src[i] as number;
    if (!hasFlag(s, MIGRATE_PFN_MIGRATE)) continue;
    const spage = migratePfnToFrame(s);
    if (spage !== null && tx.frame(spage).zone === 'device') continue; // WARN: already device
    const pgmapBefore = tx.device(m.device).pgmap?.refcount ?? 0;
    const dpage = dmirrorDevmemAllocPage(tx, m.device, mirror);
    if (dpage === null) {
      failed.push(mig.start + i);
      continue;
    }
    if (firstPage === null) {
      firstPage = dpage;
      pgmapPerPage = (tx.device(m.device).pgmap?.refcount ?? 0) > pgmapBefore;
    }
    // copy_highpage(rpage, spage) or clear_highpage(rpage).
    tx.edit(dpage).value = spage === null ? 0 : tx.frame(spage).value;
    if (spage !== null) tx.noteCopy(spage, dpage);
    const write = hasFlag(s, MIGRATE_PFN_WRITE) || (spage === null && (mig.vma?.write ?? false));
    dst[i] = migratePfn(dpage) + (write ? MIGRATE_PFN_WRITE : 0);
    copied.push(mig.start + i);
  }
  tx.emit(
    'dmirror_migrate_alloc_and_copy',
    PHASE_ALLOC_COPY,
    tx.coalescing
      ? ''
      : copied.length === 0 && failed.length === 0
        ? 'dmirror_migrate_alloc_and_copy has nothing to copy.'
        : `dmirror_migrate_alloc_and_copy allocates ${plural(copied.length, 'device page')} from ${m.device}'s free list ` +
          `(each locked, refcount ${firstPage === null ? 1 : tx.frame(firstPage).refcount}, ` +
          (pgmapPerPage
            ? 'one more pgmap reference'
            : 'no new pgmap reference: this kernel took one per page of the chunk when it was created') +
          ') and copies the data' +
          (failed.length > 0 ? `; no free device page for ${pagesText(failed)}` : '') +
          '.',
  );
  return { ...mig, dst };
}

/**
 * dmirror_migrate_finalize_and_map(): under the mirror's lock, map every page that really moved
 * in the device page table, tagged WRITE if dst says so. The page table holds no reference.
 */
export function dmirrorMigrateFinalizeAndMapTx(tx: Tx, mig: MigrateVma, mirror: string): void {
  const mapped: number[] = [];
  for (let i = 0; i < mig.npages; i++) {
    if (!hasFlag(mig.src[i] as number, MIGRATE_PFN_MIGRATE)) continue;
    const d = mig.dst[i] as number;
    const dpage = migratePfnToFrame(d);
    if (dpage === null) continue;
    tx.setDpt(mirror, mig.start + i, {
      frame: dpage,
      access: hasFlag(d, MIGRATE_PFN_WRITE) ? 'write' : 'read',
    });
    mapped.push(mig.start + i);
  }
  tx.emit(
    'dmirror_migrate_finalize_and_map',
    PHASE_FINALIZE_MAP,
    tx.coalescing
      ? ''
      : mapped.length === 0
        ? `${mirror} maps nothing: no page moved.`
        : `${mirror} maps ${pagesText(mapped)} to the new device pages in its device page table (no page reference taken).`,
  );
}
