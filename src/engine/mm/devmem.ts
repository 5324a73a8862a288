/**
 * ZONE_DEVICE memory as the core sees it (mm/memremap.c; domain.md §0.3, §2.1, §2.2):
 * registering a chunk, zone_device_page_init() on allocation, free_zone_device_folio() on the
 * last put, and memunmap_pages() — in each kernel era:
 * - ERA_C (fixed): free pages have refcount 0; one pgmap reference per allocated page.
 * - ERA_B (27674ef6c73f to v6.0): page_free hands the page back with refcount 1 (B3); the pgmap
 *   holds one reference per pfn and memunmap_pages drops them all at once, returning even while
 *   pages are mapped (B4, CVE-2022-3523).
 * - ERA_A (before 27674ef6c73f): free pages have refcount 1 and pages in use one extra; a page is
 *   freed when its count drops to 1; the per-pfn pgmap references are dropped by the final
 *   put_page in memunmap_pages, which therefore waits for every page (B5).
 */
import { dmirrorDevmemFree } from '../driver/dmirrorDevmemFree';
import type { EngineConfig } from '../config';
import { v } from '../invariantsCatalog';
import type { Tx } from '../tx';
import type { DevPagemap, Device, Frame } from '../types';

/** The refcount of a free device page in this era (1 before the 2022 fix, 0 after). */
export function devFreeRefcount(config: EngineConfig): number {
  return config.era === 'ERA_C_FIXED' ? 0 : 1;
}

/**
 * Whether a device frame is free (back with the driver, or parked in a chunk being removed):
 * the era's free refcount, mapped nowhere, unlocked, with no owner in the rmap. Before the fix a
 * free page and a page in use can both have refcount 1 (B3), hence the other fields.
 */
export function isFreeDevicePage(config: EngineConfig, f: Frame): boolean {
  return (
    f.zone === 'device' &&
    f.refcount === devFreeRefcount(config) &&
    f.mapcount === 0 &&
    !f.locked &&
    f.rmapProcs.length === 0 &&
    typeof f.zoneDeviceData !== 'string'
  );
}

/** Whether the pgmap holds one reference per pfn (ERA_A/B) rather than per allocated page. */
function perPfnRefs(config: EngineConfig): boolean {
  return config.era !== 'ERA_C_FIXED';
}

/**
 * memremap_pages() + memmap_init_zone_device(): a new live pgmap with its base reference (and,
 * before the fix, one per pfn), and a struct page for every pfn with the era's free refcount
 * ("ZONE_DEVICE pages are released directly to the driver page allocator which will set the
 * page count to 1 when allocating", 002:L3277).
 */
export function memremapPages(tx: Tx, devName: string): DevPagemap {
  const d = tx.device(devName);
  const generation = d.generation + 1;
  const pgmap: DevPagemap = {
    id: `${d.name}#${generation}`,
    type: d.memory === 'private' ? 'MEMORY_DEVICE_PRIVATE' : 'MEMORY_DEVICE_COHERENT',
    owner: d.name,
    refcount: 1 + (perPfnRefs(tx.config) ? d.pages : 0),
    live: true,
  };
  const free = devFreeRefcount(tx.config);
  for (let i = 0; i < d.pages; i++) {
    tx.patchFrame(d.base + i, {
      refcount: free,
      mapcount: 0,
      locked: false,
      lru: false,
      mapping: null,
      rmapProcs: [],
      rmapPage: -1,
      zoneDeviceData: null,
      pgmap: pgmap.id,
    });
  }
  tx.setDevice({ ...d, pgmap, generation, chunkRemove: false });
  return pgmap;
}

/** Counts a page in or out of use; in ERA_C the pgmap reference goes with it. */
function pgmapRef(tx: Tx, d: Device, delta: number): void {
  const dm = tx.editDevice(d.name);
  if (dm.pgmap === null) throw new Error(`device ${d.name} has no pgmap`);
  if (!perPfnRefs(tx.config)) dm.pgmap.refcount += delta;
  dm.nrAllocated += delta;
}

/**
 * zone_device_page_init(): percpu_ref_tryget_live(&pgmap->ref), set_page_count(page, 1),
 * lock_page(page). Returns false (WARN, no reference taken) if the pgmap is dying (INV-P5).
 * Before the fix the driver took the page as it was: ERA_B's free count 1 is its reference;
 * ERA_A's driver added one (get_page) on top of the bias.
 */
export function zoneDevicePageInit(tx: Tx, frame: number): boolean {
  const d = tx.deviceOfFrame(frame);
  if (d === undefined || d.pgmap === null || !d.pgmap.live) return false;
  pgmapRef(tx, d, +1);
  const f = tx.edit(frame);
  f.refcount = tx.config.era === 'ERA_A_BIASED' ? 2 : 1;
  f.locked = true;
  return true;
}

/**
 * free_zone_device_folio(): the last reference is gone. `page->mapping = NULL`, the driver's
 * pgmap->ops->page_free() takes the page back, then put_dev_pagemap() drops the reference the
 * allocation took (002:L1713-1728). In ERA_B the core then set the count back to 1: a free page
 * looks like a page in use, and get_page_unless_zero() would take it (B3, INV-P1).
 */
export function freeZoneDevicePage(tx: Tx, frame: number): void {
  const f = tx.edit(frame);
  f.mapping = null;
  f.rmapProcs = [];
  f.rmapPage = -1;
  f.locked = false;
  f.mapcount = 0;
  f.refcount = devFreeRefcount(tx.config);
  dmirrorDevmemFree(tx, frame);
  const d = tx.deviceOfFrame(frame);
  if (d === undefined) throw new Error(`frame ${frame} is not device memory`);
  pgmapRef(tx, d, -1);
  if (tx.config.era === 'ERA_B_NOBIAS_BROKEN') {
    tx.flag(
      v(
        'INV-P1',
        `page_free handed ${d.name}:${frame - d.base} back with refcount 1 (set_page_count(page, 1)): a free page looks in use`,
      ),
    );
  }
}

/** What memunmap_pages() did: returned cleanly, would wait forever, or returned too early. */
export type MemunmapResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'hang'; readonly waiting: number }
  /** ERA_B: the per-pfn references were dropped by hand while `inUse` pages are still in use. */
  | { readonly kind: 'early'; readonly inUse: number };

/** Tears the chunk down: no pgmap, no free list; pages in use keep their (stale) state. */
function teardown(tx: Tx, d: Device): void {
  for (let i = 0; i < d.pages; i++) tx.patchFrame(d.base + i, { pgmap: null });
  tx.setDevice({ ...tx.device(d.name), pgmap: null, freeHead: -1, nrFree: 0 });
}

/**
 * memunmap_pages(): percpu_ref_kill() drops the base reference, then wait_for_completion() until
 * the count reaches 0. ERA_C: 0 once no page is allocated. ERA_B: percpu_ref_put_many(pfn_len)
 * first, so it always completes — with pages still mapped (B4). ERA_A: each free page's final
 * put_page drops its pfn's reference; a page in use never does, so it waits (B5). When it
 * would wait forever nothing is torn down.
 */
export function memunmapPages(tx: Tx, devName: string): MemunmapResult {
  const d = tx.device(devName);
  if (d.pgmap === null) return { kind: 'done' };
  const inUse = d.nrAllocated;
  if (tx.config.era === 'ERA_B_NOBIAS_BROKEN') {
    // Free pages go offline with the chunk; pages in use keep their state, now without a pgmap.
    for (let i = 0; i < d.pages; i++) {
      const f = tx.frame(d.base + i);
      if (typeof f.zoneDeviceData !== 'string' && f.mapcount === 0 && !f.locked)
        tx.patchFrame(d.base + i, { zoneDeviceData: null, refcount: 0 });
    }
    teardown(tx, d);
    return inUse > 0 ? { kind: 'early', inUse } : { kind: 'done' };
  }
  if (inUse > 0) return { kind: 'hang', waiting: inUse };
  for (let i = 0; i < d.pages; i++)
    tx.patchFrame(d.base + i, { zoneDeviceData: null, refcount: 0 });
  teardown(tx, d);
  return { kind: 'done' };
}
