/**
 * copy_page_range() (mm/memory.c) for one VMA of a fork: the child's page table gets a copy of
 * every entry of the parent's (domain.md §2.11).
 *
 * A private VMA is a CoW mapping (is_cow_mapping: VM_MAYWRITE without VM_SHARED). Before any
 * entry is touched, MMU_NOTIFY_PROTECTION_PAGE over the VMA invalidates the parent's mirrors.
 * - copy_present_pte(): the child maps the same page (get + dup rmap: refcount and mapcount
 *   +1); a writable PTE of a CoW mapping is write-protected in the parent and the child. The
 *   zero page is copied as is. A pinned anonymous page cannot be shared
 *   (folio_try_dup_anon_rmap_pte fails): copy_present_page() gives the child its own copy.
 *   A device-coherent page is an ordinary present PTE and is shared the same way.
 * - copy_nonpresent_pte(), device-private entry: folio_get, dup rmap ("cannot fail as these
 *   pages cannot get pinned"); a writable entry of a CoW mapping becomes readable in the parent
 *   (set_pte_at(src_mm, ...)) and the child gets the same readable entry.
 * - copy_nonpresent_pte(), device-exclusive entry: try_restore_exclusive_pte() puts the
 *   original present PTE back first, then the entry is copied as a present one (-ENOENT: "copy
 *   the now present pte").
 * Shared VMAs: see docs/scenario-format.md (model decisions): their entries are copied too.
 */
import { checkForkVma } from '../invariants';
import { pagesText, plural, rangeText } from '../narrate';
import type { Tx } from '../tx';
import type { Pte, Vma } from '../types';
import { mmuNotifierInvalidate } from './notifier';
import { allocSysPage } from './pageAlloc';

export const PHASE_COPY_PAGE_RANGE = 'copy_page_range';

type PresentPte = Extract<Pte, { kind: 'present' }>;

/** Adds `proc` to a frame's rmap and takes the mapping's reference (folio_get + dup rmap). */
function dupRmap(tx: Tx, frame: number, proc: string): void {
  const e = tx.edit(frame);
  e.refcount++;
  e.mapcount++;
  if (!e.rmapProcs.includes(proc)) e.rmapProcs = [...e.rmapProcs, proc];
}

/** Whether copy_present_pte() must copy the page (a pinned anonymous page of a CoW mapping). */
export function needsCopyPresentPage(tx: Tx, pte: Pte, cow: boolean): boolean {
  if (!cow || pte.kind === 'migration' || pte.kind === 'devicePrivate') return false;
  if (pte.kind === 'present' && pte.zero) return false;
  const f = tx.frame(pte.frame);
  return f.mapping === 'anon' && f.pincount > 0;
}

/**
 * try_restore_exclusive_pte() → restore_exclusive_pte(): the original present PTE, writable if
 * the VMA allows it and the anonymous page is exclusive (can_change_pte_writable), as in
 * mm/deviceExclusiveRestore.ts. No notifier here: copy_page_range's PROTECTION_PAGE
 * invalidation has already revoked the device's atomic access.
 */
function restoreExclusivePte(tx: Tx, proc: string, page: number, frame: number, vma: Vma): void {
  const f = tx.frame(frame);
  const write = vma.write && f.mapping === 'anon' && f.mapcount === 1;
  tx.setPte(proc, page, { kind: 'present', frame, write, dirty: write, zero: false });
}

/** copy_present_page(): a new page for the child; null if none can be allocated. */
function copyPresentPage(tx: Tx, child: string, page: number, src: number, vma: Vma): boolean {
  const frame = allocSysPage(tx);
  if (frame === null) return false;
  const n = tx.edit(frame);
  n.value = tx.frame(src).value; // copy_user_highpage()
  tx.noteCopy(src, frame);
  n.mapcount = 1;
  n.lru = true;
  n.mapping = 'anon';
  n.rmapProcs = [child];
  n.rmapPage = page;
  // maybe_mkwrite(pte_mkdirty(pte), dst_vma)
  tx.setPte(child, page, { kind: 'present', frame, write: vma.write, dirty: true, zero: false });
  return true;
}

interface Copied {
  shared: number[];
  wrprotected: number[];
  devicePrivate: number[];
  restored: number[];
  copied: number[];
}

/** Copies one entry; returns false only if copy_present_page() ran out of memory. */
function copyOne(tx: Tx, parent: string, child: string, page: number, vma: Vma, c: Copied) {
  const cow = !vma.shared;
  const pte = tx.pte(parent, page);
  // Migration entries never exist at rest; device-exclusive ones were restored already. A 2015
  // HMM entry never meets fork: the loader refuses fork on that API.
  if (pte === null || pte.kind === 'migration' || pte.kind === 'deviceExclusive') return true;
  if (pte.kind === 'hmm') return true;
  if (pte.kind === 'devicePrivate') {
    dupRmap(tx, pte.frame, child);
    const entry: Pte = cow && pte.write ? { ...pte, write: false } : pte;
    if (entry !== pte) tx.setPte(parent, page, entry);
    tx.setPte(child, page, entry);
    c.devicePrivate.push(page);
    return true;
  }
  if (pte.zero) {
    tx.setPte(child, page, pte);
    return true;
  }
  if (needsCopyPresentPage(tx, pte, cow)) {
    if (!copyPresentPage(tx, child, page, pte.frame, vma)) return false;
    c.copied.push(page);
    return true;
  }
  dupRmap(tx, pte.frame, child);
  let entry: PresentPte = pte;
  if (cow && pte.write) {
    entry = { ...pte, write: false };
    tx.setPte(parent, page, entry);
    c.wrprotected.push(page);
  }
  // "If it's a shared mapping, mark it clean in the child."
  tx.setPte(child, page, vma.shared ? { ...entry, dirty: false } : entry);
  c.shared.push(page);
  return true;
}

/**
 * copy_page_range() for `vma` of `parent` into `child`. Returns false if a pinned page could not
 * be copied (the fork then fails with -ENOMEM; fork.ts checks memory first, so it never does).
 */
export function copyPageRangeTx(tx: Tx, parent: string, child: string, vma: Vma): boolean {
  const pages: number[] = [];
  tx.forEachPte(parent, vma.start, vma.end, (page) => pages.push(page));
  // vma_needs_copy(): the model has no anon_vma; a VMA with no entry has nothing to copy.
  if (pages.length === 0) return true;
  const cow = !vma.shared;
  // is_cow_mapping(): MMU_NOTIFY_PROTECTION_PAGE before the parent's PTEs are write-protected.
  const phase = PHASE_COPY_PAGE_RANGE;
  if (cow) mmuNotifierInvalidate(tx, parent, vma.start, vma.end, 'PROTECTION_PAGE', null, phase);
  const c: Copied = { shared: [], wrprotected: [], devicePrivate: [], restored: [], copied: [] };
  for (const page of pages) {
    const pte = tx.pte(parent, page);
    if (pte?.kind !== 'deviceExclusive') continue;
    restoreExclusivePte(tx, parent, page, pte.frame, vma);
    c.restored.push(page);
  }
  if (c.restored.length > 0) {
    tx.emit(
      'restore_exclusive_pte',
      PHASE_COPY_PAGE_RANGE,
      () =>
        `copy_nonpresent_pte finds device-exclusive entries at ${pagesText(c.restored)} of ${parent}: restore_exclusive_pte puts the original present PTEs back before they are copied.`,
    );
  }
  let ok = true;
  for (const page of pages) ok = copyOne(tx, parent, child, page, vma, c) && ok;
  tx.emit('copy_page_range', PHASE_COPY_PAGE_RANGE, () =>
    forkCopyText(parent, child, vma, pages.length, c),
  );
  if (tx.config.invariantChecks !== 'off' && tx.microsteps.length > 0) {
    for (const v of checkForkVma(tx.world(), parent, child, vma.start, vma.end, cow)) {
      tx.violations.push({ microstep: tx.microsteps.length - 1, v });
    }
  }
  return ok;
}

function forkCopyText(parent: string, child: string, vma: Vma, n: number, c: Copied): string {
  const parts: string[] = [];
  if (c.shared.length > 0) {
    parts.push(
      vma.shared
        ? `${plural(c.shared.length, 'shared page')} stay shared (refcount and mapcount +1)`
        : `${plural(c.shared.length, 'page')} now shared by both (refcount and mapcount +1)` +
            (c.wrprotected.length > 0 ? `, write-protected in both so that a write copies` : ''),
    );
  }
  if (c.devicePrivate.length > 0) {
    parts.push(
      `${plural(c.devicePrivate.length, 'device-private entry', 'device-private entries')} copied by copy_nonpresent_pte (refcount and mapcount +1)` +
        (vma.shared ? '' : ', read-only in both'),
    );
  }
  if (c.copied.length > 0) {
    parts.push(`${pagesText(c.copied)}: pinned, so copy_present_page gives ${child} its own copy`);
  }
  return (
    `copy_page_range copies ${plural(n, 'entry', 'entries')} of ${rangeText(vma.start, vma.end)} from ${parent} to ${child}` +
    (parts.length > 0 ? `: ${parts.join('; ')}.` : '.')
  );
}
