/**
 * lib/test_hmm.c device-memory allocator: dmirror_allocate_chunk(), dmirror_devmem_alloc_page(),
 * dmirror_remove_free_pages(). One chunk per device; its size is the scenario's `pages` (the real
 * driver uses 256 MiB chunks and adds more on demand; here a device with no free page fails the
 * allocation, the way a failed chunk allocation does).
 */
import { memremapPages, zoneDevicePageInit } from '../mm/devmem';
import type { Tx } from '../tx';

/**
 * dmirror_allocate_chunk(): memremap_pages() of a new chunk, then every page onto the free list
 * through zone_device_data. The kernel pushes pfn_first..pfn_last so the list starts at the last
 * page; the model threads it the other way so that frame 0 is handed out first (easier to read).
 */
export function dmirrorAllocateChunk(tx: Tx, devName: string): void {
  memremapPages(tx, devName);
  const d = tx.device(devName);
  for (let i = 0; i < d.pages; i++) {
    tx.patchFrame(d.base + i, { zoneDeviceData: i + 1 < d.pages ? d.base + i + 1 : -1 });
  }
  tx.setDevice({ ...d, freeHead: d.pages > 0 ? d.base : -1, nrFree: d.pages });
}

/**
 * dmirror_devmem_alloc_page(): pop the free list (allocating a chunk first if the device has
 * none, e.g. after RELEASE), then zone_device_page_init() (refcount 1, locked, pgmap ref + 1).
 * For a private page the real driver also allocates a system "backing page" that holds the data;
 * the model keeps the value in the device frame itself (see docs/scenario-format.md).
 * Returns the frame, or null if the device has no free page.
 */
export function dmirrorDevmemAllocPage(tx: Tx, devName: string, mirror: string): number | null {
  let d = tx.device(devName);
  if (d.pgmap === null) {
    dmirrorAllocateChunk(tx, devName);
    d = tx.device(devName);
  }
  const frame = d.freeHead;
  if (frame < 0) return null;
  const f = tx.frame(frame);
  const next = typeof f.zoneDeviceData === 'number' ? f.zoneDeviceData : -1;
  const dm = tx.editDevice(devName);
  dm.freeHead = next;
  dm.nrFree--;
  dm.calloc++;
  if (!zoneDevicePageInit(tx, frame)) return null;
  // rpage->zone_device_data = dmirror: how migrate_to_ram finds the mirror (private only; a
  // coherent page's zone_device_data is the NULL rpage).
  tx.edit(frame).zoneDeviceData = d.memory === 'private' ? mirror : null;
  return frame;
}

/** dmirror_remove_free_pages(): unlink the chunk's free pages so they cannot be handed out. */
export function dmirrorRemoveFreePages(tx: Tx, devName: string): number {
  const d = tx.device(devName);
  tx.setDevice({ ...d, chunkRemove: true, freeHead: -1, nrFree: 0 });
  return d.nrFree;
}
