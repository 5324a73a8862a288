/**
 * munmap / exit of peer-shared memory: after core mm zapped the CPU's mappings, GMEM drops the
 * chunks' gm_mappings and has every device that holds a chunk unmap it (the RFC's
 * unmap_gm_mappings_range and munmap_in_peer_devices, declared in the seed's header, bodies not
 * in the seeds [GMEM RFC]): peer_unmap without copy frees the device memory. A host page kept
 * alive by a leaked reference (B14) stays allocated.
 */
import type { Tx } from '../tx';
import { peerUnmap } from './driver';
import { dropVmObj, gmMappingOf, putMapping } from './state';
import { HPAGE_PAGES } from './types';

export function gmUnmapRange(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  exiting: boolean,
): void {
  if (!tx.hasGm()) return;
  if (!Object.hasOwn(tx.gm().vmObjs, proc)) return;
  const obj = tx.gm().vmObjs[proc];
  if (obj === undefined) return;
  const chunks = Object.keys(obj.lpt)
    .map(Number)
    .filter((c) => c * HPAGE_PAGES >= start && (c + 1) * HPAGE_PAGES <= end)
    .sort((a, b) => a - b);
  const freedOn: string[] = [];
  const failedOn: string[] = [];
  for (const chunk of chunks) {
    const m = gmMappingOf(tx.gm(), proc, chunk);
    if (m?.flag === 'DEVICE' && m.dev !== null) {
      const r = peerUnmap(tx, { proc, dev: m.dev, chunk, copy: false, dma: null });
      if (r.ret === 0) freedOn.push(`c${chunk} on ${m.dev}`);
      else failedOn.push(`c${chunk} on ${m.dev}`);
    }
    putMapping(tx, proc, chunk, null);
  }
  if (exiting) dropVmObj(tx, proc);
  if (chunks.length === 0 && !exiting) return;
  tx.emit(
    'munmap_in_peer_devices',
    exiting ? 'exit' : 'munmap',
    `GMEM forgets ${chunks.length === 0 ? 'nothing' : chunks.map((c) => `c${c}`).join(', ')} in ${proc}'s logical page table${freedOn.length > 0 ? `; munmap_in_peer_devices has the devices unmap ${freedOn.join(', ')} (peer_unmap without copy: the data is discarded)` : ''}${failedOn.length > 0 ? `; peer_unmap failed for ${failedOn.join(', ')}: the device keeps those pages and its mapping, which nothing in GMEM remembers any more` : ''}${exiting ? `, and ${proc}'s vm_object goes with its mm` : ''}.`,
  );
}
