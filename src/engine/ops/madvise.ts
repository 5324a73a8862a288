/**
 * `madvise` with MADV_PAGEOUT or MADV_COLD (mm/madvise.c madvise_cold_or_pageout_pte_range;
 * domain.md §2.13, S11 step 3). The walk takes each present PTE's page from vm_normal_page(),
 * skips the zero page (vm_normal_page() is NULL for it), pages another mapping shares (mapcount
 * ≠ 1) and — with the fix "mm: handling Non-LRU pages returned by vm_normal_pages" (seed 002
 * L4742-4752) — ZONE_DEVICE pages: `if (!page || is_zone_device_page(page)) continue;`.
 *
 * PAGEOUT isolates each page from its LRU (isolate_lru_page: a reference, off the list) and
 * hands the list to reclaim_pages → shrink_folio_list. The model has no swap device: a
 * swap-backed page (anonymous or shmem) cannot be written out, add_to_swap fails, and the page
 * is activated and put back on the LRU (putback_lru_page, the reference dropped) — same frame,
 * same contents, same mappings. COLD moves pages to the inactive list (folio_deactivate), a
 * list the model does not track. Without the fix a device-coherent page goes through the same
 * list operations, which overwrite its pgmap and zone_device_data (B8, lruAlias.ts).
 * The kernel's isolate_lru_page() also tests PG_lru, which a device page never has; the model
 * lets the buggy kernel through, as domain.md §4 B8 shows the bug, to show what the reviewers
 * warned of (seed 002 L5271-5326). madvise returns -ENOMEM if part of the range is unmapped,
 * after advising the mapped part (madvise_walk_vmas).
 */
import { err } from '../errno';
import { pagesText, rangeText } from '../narrate';
import { frameText } from '../mm/frameText';
import { deactivateDevicePage, isolateDevicePage, linkDevicePageToLru } from '../mm/lruAlias';
import { vmaCovered } from '../mm/vma';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, liveProc } from './common';

export type Advice = 'PAGEOUT' | 'COLD';

const PHASE = 'madvise';

interface Walk {
  /** Pages whose PTE maps the zero page (vm_normal_page() is NULL). */
  readonly zero: number[];
  /** ZONE_DEVICE pages skipped by is_zone_device_page() (the fix). */
  readonly device: number[];
  /** Pages another mapping shares: left alone. */
  readonly shared: number[];
  /** LRU pages to isolate / deactivate: [page, frame]. */
  readonly lru: [number, number][];
  /** Without the fix: device pages treated as LRU pages. */
  readonly buggy: [number, number][];
}

/** madvise_cold_or_pageout_pte_range()'s walk: what vm_normal_page() gives for each entry. */
function walk(tx: Tx, proc: string, start: number, end: number): Walk {
  const w: Walk = { zero: [], device: [], shared: [], lru: [], buggy: [] };
  tx.forEachPte(proc, start, end, (page) => {
    const pte = tx.pte(proc, page);
    // Not present (device-private, migration, device-exclusive entries): `continue`.
    if (pte === null || pte.kind !== 'present') return;
    const f = tx.frame(pte.frame);
    if (pte.zero) w.zero.push(page);
    else if (f.zone === 'device') {
      if (tx.config.fixes.vmNormalPageNonLru) w.device.push(page);
      else w.buggy.push([page, pte.frame]);
    }
    // v5.19: `if (page_mapcount(page) != 1) continue;` — never a page another mapping shares.
    else if (f.mapcount !== 1) w.shared.push(page);
    else if (f.lru) w.lru.push([page, pte.frame]);
  });
  return w;
}

function walkText(tx: Tx, w: Walk, pageout: boolean): string {
  const parts: string[] = [];
  if (w.lru.length > 0)
    parts.push(
      pageout
        ? `${pagesText(w.lru.map(([p]) => p))} ${w.lru.length === 1 ? 'is' : 'are'} isolated from the LRU (isolate_lru_page: off the list, one reference more)`
        : `${pagesText(w.lru.map(([p]) => p))} ${w.lru.length === 1 ? 'moves' : 'move'} to the inactive LRU list (folio_deactivate; the model does not track which list)`,
    );
  if (w.zero.length > 0)
    parts.push(`${pagesText(w.zero)}: the zero page (vm_normal_page() is NULL), skipped`);
  if (w.device.length > 0)
    parts.push(
      `${pagesText(w.device)}: device memory (is_zone_device_page(): on no LRU list), skipped`,
    );
  if (w.shared.length > 0)
    parts.push(`${pagesText(w.shared)}: shared with another mapping, skipped`);
  if (w.buggy.length > 0)
    parts.push(
      `${w.buggy.map(([p, f]) => `page ${p} (${frameText(tx, f)})`).join(', ')}: device memory, but this kernel has no is_zone_device_page() check`,
    );
  return parts.length > 0 ? parts.join('; ') : 'no page to advise';
}

export function opMadvise(
  tx: Tx,
  step: { proc: string; page: number; count: number; advice: Advice },
): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  const start = step.page;
  const end = start + step.count;
  const pageout = step.advice === 'PAGEOUT';
  const w = walk(tx, step.proc, start, end);
  if (pageout) {
    for (const [, frame] of w.lru) {
      const e = tx.edit(frame);
      e.lru = false;
      e.refcount++;
    }
  }
  tx.emit(
    'madvise_cold_or_pageout_pte_range',
    PHASE,
    `madvise(MADV_${step.advice}) walks ${rangeText(start, end)} of ${step.proc}, taking each present page from vm_normal_page(): ${walkText(tx, w, pageout)}.`,
  );
  for (const [page, frame] of w.buggy) {
    const label = frameText(tx, frame);
    if (pageout) {
      isolateDevicePage(tx, frame, step.proc, page);
      tx.emit(
        'isolate_lru_page',
        PHASE,
        `isolate_lru_page(${label}) treats the device-coherent page as an LRU page: list_del(&page->lru) writes LIST_POISON1/2 into lru.next and lru.prev — for a ZONE_DEVICE page the very words of pgmap and zone_device_data. (v5.19's isolate_lru_page would refuse a page without PG_lru; the model lets it through to show what the reviewers warned of.)`,
      );
    } else {
      deactivateDevicePage(tx, frame, step.proc, page);
      tx.emit(
        'folio_deactivate',
        PHASE,
        `folio_deactivate(${label}) moves the device-coherent page to the inactive LRU list: list_del + list_add on page->lru overwrite its pgmap and zone_device_data with list pointers.`,
      );
    }
  }
  if (pageout && w.lru.length + w.buggy.length > 0) reclaim(tx, w);
  if (!vmaCovered(p.vmas, start, end))
    return { ret: err('ENOMEM'), error: `${rangeText(start, end)} is not entirely mapped` };
  return { ret: 0 };
}

/** reclaim_pages() → shrink_folio_list(): no swap, so every isolated page goes back. */
function reclaim(tx: Tx, w: Walk): void {
  for (const [, frame] of w.lru) {
    const e = tx.edit(frame);
    e.lru = true;
    e.refcount--;
  }
  for (const [, frame] of w.buggy) linkDevicePageToLru(tx, frame, true);
  const sys = w.lru.map(([p]) => p);
  tx.emit(
    'reclaim_pages',
    PHASE,
    `reclaim_pages → shrink_folio_list: anonymous and shmem pages can only be reclaimed into swap, and this machine has no swap device, so add_to_swap fails and every isolated page is marked active and put back on the LRU (putback_lru_page, dropping the isolation's reference)` +
      (sys.length > 0
        ? `: ${pagesText(sys)} keep${sys.length === 1 ? 's' : ''} the same frame, contents and mappings.`
        : '.') +
      (w.buggy.length > 0
        ? ` ${w.buggy.map(([, f]) => frameText(tx, f)).join(', ')} goes onto the LRU too: list_add() links page->lru, so its pgmap and zone_device_data now point into the LRU list (INV-P10).`
        : ''),
  );
}
