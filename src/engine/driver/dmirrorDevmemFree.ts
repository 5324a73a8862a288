/**
 * lib/test_hmm.c dmirror_devmem_free(): the pgmap's page_free callback. The page goes back on
 * the driver's free list, linked through zone_device_data, unless its chunk is being removed
 * (then it stays parked until memunmap_pages()).
 */
import type { Tx } from '../tx';

export function dmirrorDevmemFree(tx: Tx, frame: number): void {
  const d = tx.deviceOfFrame(frame);
  if (d === undefined) throw new Error(`frame ${frame} is not device memory`);
  if (d.chunkRemove) {
    // Parked until memunmap_pages: no longer any mirror's page.
    tx.edit(frame).zoneDeviceData = -1;
    return;
  }
  tx.edit(frame).zoneDeviceData = d.freeHead;
  const dm = tx.editDevice(d.name);
  dm.freeHead = frame;
  dm.nrFree++;
  dm.cfree++;
}
