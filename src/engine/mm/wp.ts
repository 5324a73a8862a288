/**
 * do_wp_page() (mm/memory.c): a write fault on a present, read-only PTE inside a writable VMA —
 * the copy-on-write half of fork (domain.md §2.11, S3, S10, S14).
 *
 * - A shared mapping writes to the page of its shmem file: wp_page_shared makes the PTE
 *   writable, nothing is copied.
 * - An anonymous page is reused in place if it is exclusively ours: PageAnonExclusive (the
 *   model: a pinned page, which fork never shares: copy_present_page copies it instead) or
 *   wp_can_reuse_anon_folio() ("folio_ref_count(folio) != 1" fails the reuse: only our own
 *   mapping may hold a reference).
 * - Otherwise wp_page_copy() allocates an ordinary page — never ZONE_DEVICE memory, even when
 *   the shared page is device coherent ("the first sharer writing to them receives an
 *   'ordinary' !ZONE_DEVICE copy", domain.md §2.11) — copies the data, maps it writable, and
 *   drops this mapping of the old page.
 */
import { checkCowCopy } from '../invariants';
import type { Tx } from '../tx';
import type { Pte } from '../types';
import type { FaultOutcome } from './fault';
import { frameText } from './frameText';
import { mmuNotifierInvalidate } from './notifier';
import { allocSysPage, putPage } from './pageAlloc';

type PresentPte = Extract<Pte, { kind: 'present' }>;

/** wp_can_reuse_anon_folio() plus the PageAnonExclusive shortcut of do_wp_page(). */
function canReuse(tx: Tx, frame: number): boolean {
  const f = tx.frame(frame);
  if (f.mapping !== 'anon') return false;
  if (f.pincount > 0 && f.mapcount === 1) return true;
  return f.refcount === 1;
}

/** do_wp_page() for a non-zero page; `phase` names the caller's phase. */
export function doWpPage(
  tx: Tx,
  proc: string,
  page: number,
  pte: PresentPte,
  shared: boolean,
  phase: string,
): FaultOutcome {
  if (shared || canReuse(tx, pte.frame)) {
    // wp_page_reuse(): the same page, now writable (and dirty).
    tx.setPte(proc, page, { ...pte, write: true, dirty: true });
    tx.emit('wp_page_reuse', phase, () =>
      shared
        ? `Write fault on read-only page ${page} of ${proc}: the mapping is shared, so wp_page_reuse makes the PTE writable on the same shmem page.`
        : `Write fault on read-only page ${page} of ${proc}: ${frameText(tx, pte.frame)} is referenced only by this mapping, so wp_page_reuse just makes the PTE writable.`,
    );
    return 'done';
  }
  return wpPageCopy(tx, proc, page, pte.frame, phase);
}

/** wp_page_copy(): a private copy of a page that others still reference. */
function wpPageCopy(tx: Tx, proc: string, page: number, old: number, phase: string): FaultOutcome {
  mmuNotifierInvalidate(tx, proc, page, page + 1, 'CLEAR', null, phase);
  const frame = allocSysPage(tx);
  if (frame === null) return 'oom';
  const n = tx.edit(frame);
  n.value = tx.frame(old).value; // __wp_page_copy_user()
  tx.noteCopy(old, frame);
  n.mapcount = 1;
  n.lru = true;
  n.mapping = 'anon';
  n.rmapProcs = [proc];
  n.rmapPage = page;
  tx.setPte(proc, page, { kind: 'present', frame, write: true, dirty: true, zero: false });
  const o = tx.edit(old);
  o.mapcount--;
  o.rmapProcs = o.rmapProcs.filter((p) => p !== proc); // folio_remove_rmap_pte()
  const was = frameText(tx, old);
  const freed = putPage(tx, old);
  tx.emit(
    'wp_page_copy',
    phase,
    () =>
      `Write fault on read-only page ${page} of ${proc}: ${was} is shared, so wp_page_copy copies it into a new page ${frameText(tx, frame)}, mapped writable; ` +
      (freed
        ? `that was the last reference to ${was}, which is freed.`
        : `${was} stays with its other mappings (refcount ${tx.frame(old).refcount}, mapcount ${tx.frame(old).mapcount}).`),
  );
  if (tx.config.invariantChecks !== 'off' && !tx.coalescing && tx.microsteps.length > 0) {
    for (const v of checkCowCopy(tx.world(), proc, page, frame)) {
      tx.violations.push({ microstep: tx.microsteps.length - 1, v });
    }
  }
  return 'done';
}
