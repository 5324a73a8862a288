/**
 * System RAM: the buddy allocator (a free list threaded through free frames, LIFO, so the model
 * is deterministic and O(1)) and get_page / put_page.
 *
 * put_page() of the last reference frees the page: a system page goes back to the free list
 * (mm/swap.c __folio_put → free_unref_page), a ZONE_DEVICE page goes to
 * free_zone_device_folio(), which calls the driver's page_free (mm/memremap.c; domain.md §2.2).
 */
import { freeZoneDevicePage } from './devmem';
import { crashOnOverwrittenPgmap } from './lruAlias';
import type { Tx } from '../tx';

/**
 * alloc_pages(): takes a frame off the free list with one reference. The content is whatever the
 * frame held (the caller zeroes it or copies into it). Returns null when RAM is exhausted.
 */
export function allocSysPage(tx: Tx): number | null {
  const head = tx.sysFreeHead;
  if (head < 0) return null;
  const f = tx.frame(head);
  tx.setSysFree(f.freeNext, tx.sysFree - 1);
  const n = tx.edit(head);
  n.refcount = 1;
  n.freeNext = -1;
  return head;
}

/** get_page() / folio_get(). */
export function getPage(tx: Tx, frame: number): void {
  tx.edit(frame).refcount++;
}

/** Returns a system frame to the buddy allocator (its content stays until reused). */
function freeSysPage(tx: Tx, frame: number): void {
  const f = tx.edit(frame);
  f.refcount = 0;
  f.mapcount = 0;
  f.locked = false;
  f.lru = false;
  f.mapping = null;
  f.rmapProcs = [];
  f.rmapPage = -1;
  f.freeNext = tx.sysFreeHead;
  tx.setSysFree(frame, tx.sysFree + 1);
}

/**
 * put_page() / folio_put(): drops one reference; the last one frees the page.
 * Returns true if the page was freed.
 */
export function putPage(tx: Tx, frame: number): boolean {
  if (frame === tx.zeroFrame) return false;
  const f = tx.frame(frame);
  if (f.refcount <= 0) throw new Error(`put_page on a free page (frame ${frame})`);
  // ERA_A: a device page is free when its count drops to 1 (put_devmap_managed_page).
  const bias = f.zone === 'device' && tx.config.era === 'ERA_A_BIASED' ? 1 : 0;
  if (f.refcount > 1 + bias) {
    tx.edit(frame).refcount--;
    return false;
  }
  // B8: free_zone_device_folio() calls page->pgmap->ops->page_free(), through garbage if an
  // LRU list operation overwrote pgmap (lruAlias.ts): the kernel dies holding that reference.
  const use = 'put_page → free_zone_device_folio (pgmap->ops->page_free)';
  if (
    f.zone === 'device' &&
    crashOnOverwrittenPgmap(tx, frame, 'free_zone_device_folio', 'put_page', use)
  )
    return false;
  tx.edit(frame).refcount = bias;
  if (f.zone === 'device') freeZoneDevicePage(tx, frame);
  else freeSysPage(tx, frame);
  return true;
}
