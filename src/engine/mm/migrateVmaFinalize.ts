/**
 * migrate_vma_finalize() / migrate_device_finalize() → __migrate_device_finalize()
 * (mm/migrate_device.c): every migration entry becomes a mapping of the new page (or of the
 * original page if the entry lost MIGRATE), then the migration drops its references on both
 * pages. A migrated-away system page is freed here; a device page goes to page_free, unless it is
 * the fault page, whose last reference do_swap_page still holds. domain.md §2.7 D.
 */
import { plural, pagesText } from '../narrate';
import type { Tx } from '../tx';
import { MIGRATE_PFN_MIGRATE, hasFlag, migratePfnToFrame } from './migratePfn';
import type { MigrateVma } from './migrateTypes';
import { putPage } from './pageAlloc';
import { removeMigrationPtes } from './rmap';

export const PHASE_FINALIZE = 'migrate_vma_finalize';

export function migrateVmaFinalizeTx(tx: Tx, mig: MigrateVma, phase = PHASE_FINALIZE): void {
  const migrated: number[] = [];
  const restored: number[] = [];
  let freed = 0;
  for (let i = 0; i < mig.npages; i++) {
    const mpfn = mig.src[i] as number;
    let dst = migratePfnToFrame(mig.dst[i] as number);
    const src = migratePfnToFrame(mpfn);
    if (src === null) {
      if (dst !== null) {
        tx.edit(dst).locked = false;
        if (putPage(tx, dst)) freed++;
      }
      continue;
    }
    if (!hasFlag(mpfn, MIGRATE_PFN_MIGRATE) || dst === null) {
      if (dst !== null) {
        tx.edit(dst).locked = false;
        if (putPage(tx, dst)) freed++;
      }
      dst = src;
      restored.push(mig.start + i);
    } else {
      migrated.push(mig.start + i);
    }
    if (tx.frame(dst).zone !== 'device') tx.edit(dst).lru = true; // folio_add_lru
    removeMigrationPtes(tx, src, dst);
    if (mig.faultPage !== src) tx.edit(src).locked = false;
    if (putPage(tx, src)) freed++;
    if (dst !== src) {
      tx.edit(dst).locked = false;
      if (putPage(tx, dst)) freed++;
    }
  }
  const fn = mig.proc === null ? 'migrate_device_finalize' : 'migrate_vma_finalize';
  const where = (pages: number[]) =>
    mig.proc === null ? plural(pages.length, 'device page') : pagesText(pages);
  tx.emit(
    fn,
    phase,
    tx.coalescing
      ? ''
      : `${fn} replaces the migration entries` +
          (migrated.length > 0 ? `: ${where(migrated)} → the new pages` : '') +
          (restored.length > 0 ? `; ${where(restored)} get their original page back` : '') +
          `; the migration's references are dropped and ${plural(freed, 'page')} freed.`,
  );
}
