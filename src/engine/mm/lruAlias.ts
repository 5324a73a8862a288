/**
 * B8 (domain.md §4, S11 step 3; FIX_VM_NORMAL_PAGE_NONLRU): a device-coherent page treated as an
 * LRU page. In struct page (include/linux/mm_types.h) the two words of `struct list_head lru`
 * are, for a ZONE_DEVICE page, `pgmap` (lru.next) and `zone_device_data` (lru.prev): "it can't
 * be on any LRU list (because the lru list_head in struct page is aliased by pgmap and
 * zone_device_data)" (Felix Kuehling, seed 002 L5313-5317). Any list operation on page->lru
 * therefore overwrites both, and the next use of page->pgmap follows a list pointer as if it
 * were the device's struct dev_pagemap.
 *
 * The model writes what the list operations write: list_del() leaves LIST_POISON1/2
 * (include/linux/poison.h), list_add() onto an LRU leaves pointers into that list. The values
 * are markers no name or pgmap id can equal (they contain spaces), so the views show them as is.
 */
import { v } from '../invariantsCatalog';
import type { Tx } from '../tx';
import type { Frame } from '../types';
import { frameText } from './frameText';

/** list_del(): entry->next = LIST_POISON1 (pgmap), entry->prev = LIST_POISON2 (zone_device_data). */
export const LIST_POISON1 = 'LIST_POISON1 (0xdead000000000100)';
export const LIST_POISON2 = 'LIST_POISON2 (0xdead000000000122)';
/** list_add() onto an LRU list: next = the page that was first on it, prev = the list head. */
export const LRU_LINK_NEXT = 'lru.next: a page on an anon LRU list';
export const LRU_LINK_PREV = 'lru.prev: the anon LRU list head';

const ALIASES: ReadonlySet<string> = new Set([
  LIST_POISON1,
  LIST_POISON2,
  LRU_LINK_NEXT,
  LRU_LINK_PREV,
]);

/** Whether a list operation has overwritten this device page's pgmap (B8). */
export function pgmapOverwritten(f: Frame): boolean {
  return f.zone === 'device' && f.pgmap !== null && ALIASES.has(f.pgmap);
}

/**
 * isolate_lru_page() on a ZONE_DEVICE page, as a kernel without the fix lets madvise do it:
 * a reference (folio_get) and list_del(&page->lru). INV-C1 fails here, on the next micro-step.
 */
export function isolateDevicePage(tx: Tx, frame: number, proc: string, page: number): void {
  const e = tx.edit(frame);
  e.refcount++;
  e.pgmap = LIST_POISON1;
  e.zoneDeviceData = LIST_POISON2;
  flagLruUse(tx, frame, proc, page, 'takes', 'off an LRU list it was never on');
}

/** folio_deactivate() on a ZONE_DEVICE page (MADV_COLD without the fix): a list move. */
export function deactivateDevicePage(tx: Tx, frame: number, proc: string, page: number): void {
  linkDevicePageToLru(tx, frame, false);
  flagLruUse(tx, frame, proc, page, 'moves', 'between LRU lists it was never on');
}

function flagLruUse(tx: Tx, frame: number, proc: string, page: number, verb: string, how: string) {
  tx.flag(
    v(
      'INV-C1',
      `madvise ${verb} ${frameText(tx, frame)} (page ${page} of ${proc}) ${how}: list operations overwrite its pgmap and zone_device_data`,
    ),
  );
}

/**
 * putback_lru_page() (or folio_deactivate()'s list move) on a ZONE_DEVICE page: list_add() links
 * page->lru into an anon LRU list — pgmap and zone_device_data now point into that list, and
 * the page counts as on the LRU (INV-P10). `dropRef`: the isolation's reference goes too.
 */
export function linkDevicePageToLru(tx: Tx, frame: number, dropRef: boolean): void {
  const e = tx.edit(frame);
  if (dropRef) e.refcount--;
  e.lru = true;
  e.pgmap = LRU_LINK_NEXT;
  e.zoneDeviceData = LRU_LINK_PREV;
}

/**
 * The next use of the page's pgmap after B8 (is_device_private_page() / page->pgmap->owner /
 * pgmap->ops->page_free): the kernel follows the overwritten pointer — a crash, with the
 * invariant the fix restored (INV-C1). Emits the crash micro-step; true if it crashed.
 */
export function crashOnOverwrittenPgmap(
  tx: Tx,
  frame: number,
  fn: string,
  phase: string,
  use: string,
): boolean {
  const f = tx.frame(frame);
  if (!pgmapOverwritten(f)) return false;
  const label = frameText(tx, frame);
  tx.fail({
    kind: 'crash',
    invariant: 'INV-C1',
    message: `${use} follows page->pgmap of ${label}, which an LRU list operation overwrote ("${f.pgmap ?? ''}"): the kernel reads a list pointer as the device's struct dev_pagemap and crashes.`,
  });
  tx.emit(
    fn,
    phase,
    `${use} reads page->pgmap of ${label}: it holds "${f.pgmap ?? ''}", not ${label.split(':')[0] ?? 'the device'}'s dev_pagemap, since madvise treated the page as an LRU page. The kernel dereferences garbage (CRASH).`,
  );
  return true;
}
