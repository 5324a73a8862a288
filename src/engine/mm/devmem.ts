/**
 * ZONE_DEVICE memory as the core sees it (mm/memremap.c, ERA_C as fixed in 2022; domain.md §2.1,
 * §2.2): registering a chunk, zone_device_page_init() on allocation, free_zone_device_folio() on
 * the last put, and memunmap_pages().
 */
import { dmirrorDevmemFree } from '../driver/dmirrorDevmemFree';
import type { Tx } from '../tx';
import type { DevPagemap, Device } from '../types';

/**
 * memremap_pages() + memmap_init_zone_device(): a new live pgmap with its base reference, and a
 * struct page for every pfn with refcount 0 ("ZONE_DEVICE pages are released directly to the
 * driver page allocator which will set the page count to 1 when allocating", 002:L3277).
 */
export function memremapPages(tx: Tx, devName: string): DevPagemap {
  const d = tx.device(devName);
  const generation = d.generation + 1;
  const pgmap: DevPagemap = {
    id: `${d.name}#${generation}`,
    type: d.memory === 'private' ? 'MEMORY_DEVICE_PRIVATE' : 'MEMORY_DEVICE_COHERENT',
    owner: d.name,
    refcount: 1,
    live: true,
  };
  for (let i = 0; i < d.pages; i++) {
    tx.patchFrame(d.base + i, {
      refcount: 0,
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

/** Adjusts the pgmap's percpu_ref and the device's count of pages in use. */
function pgmapRef(tx: Tx, d: Device, delta: number): void {
  const dm = tx.editDevice(d.name);
  if (dm.pgmap === null) throw new Error(`device ${d.name} has no pgmap`);
  dm.pgmap.refcount += delta;
  dm.nrAllocated += delta;
}

/**
 * zone_device_page_init(): percpu_ref_tryget_live(&pgmap->ref), set_page_count(page, 1),
 * lock_page(page). Returns false (WARN, no reference taken) if the pgmap is dying (INV-P5).
 */
export function zoneDevicePageInit(tx: Tx, frame: number): boolean {
  const d = tx.deviceOfFrame(frame);
  if (d === undefined || d.pgmap === null || !d.pgmap.live) return false;
  pgmapRef(tx, d, +1);
  const f = tx.edit(frame);
  f.refcount = 1;
  f.locked = true;
  return true;
}

/**
 * free_zone_device_folio(): the last reference is gone. `page->mapping = NULL`, the driver's
 * pgmap->ops->page_free() takes the page back, then put_dev_pagemap() drops the reference the
 * allocation took (002:L1713-1728).
 */
export function freeZoneDevicePage(tx: Tx, frame: number): void {
  const f = tx.edit(frame);
  f.mapping = null;
  f.rmapProcs = [];
  f.rmapPage = -1;
  f.locked = false;
  f.mapcount = 0;
  dmirrorDevmemFree(tx, frame);
  const d = tx.deviceOfFrame(frame);
  if (d === undefined) throw new Error(`frame ${frame} is not device memory`);
  pgmapRef(tx, d, -1);
}

/**
 * memunmap_pages(): percpu_ref_kill() drops the base reference, then wait_for_completion() until
 * the count reaches 0. Returns false if it would wait forever (pages still allocated: INV-P7),
 * in which case nothing is torn down.
 */
export function memunmapPages(tx: Tx, devName: string): boolean {
  const d = tx.device(devName);
  if (d.pgmap === null) return true;
  if (d.pgmap.refcount - 1 !== 0) return false;
  for (let i = 0; i < d.pages; i++)
    tx.patchFrame(d.base + i, { pgmap: null, zoneDeviceData: null });
  tx.setDevice({ ...d, pgmap: null, freeHead: -1, nrFree: 0 });
  return true;
}
