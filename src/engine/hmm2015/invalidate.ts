/**
 * An invalidation on the 2015 API (seed 000 L72-104): HMM's mmu_notifier handler applies the event's `pte_mask` to HMM's own mirror table and then calls the driver's
 * `update` callback, dummy_mirror_pt_invalidate. The mask keeps nothing for an unmap and all but
 * the write bit for a write-protection. A fake-device-memory entry that loses its valid bit frees
 * its page at once (`clear_bit(dpfn, rmem_bitmap)`); a dirty system-page entry hands its dirty bit
 * to the page (the dirty-bit propagation of the 2015 design) [analysis: that half of the callback
 * is outside the seed's diff].
 */
import type { NotifyEvent } from '../mm/notifier';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { entryDpfn, setRmemBit } from './dummyDevice';

/** event->pte_mask applied to an entry: null when nothing valid is left. */
function applyMask(e: DptEntry, keepRead: boolean): DptEntry | null {
  if (!keepRead) return null;
  return e.access === 'write' ? { ...e, access: 'read' } : e;
}

/** set_page_dirty() for a dirty system-page entry that is being cleared or write-protected. */
function propagateDirty(tx: Tx, proc: string, page: number, e: DptEntry): boolean {
  if (e.dirty !== true) return false;
  const pte = tx.pte(proc, page);
  if (pte?.kind === 'present' && pte.frame === e.frame && !pte.dirty && !pte.zero)
    tx.setPte(proc, page, { ...pte, dirty: true });
  return true;
}

export function hmmMirrorUpdate2015(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
  event: NotifyEvent,
  phase: string,
): { invalidated: string[]; skipped: string[] } {
  const keepRead = event === 'PROTECTION_VMA' || event === 'PROTECTION_PAGE';
  const invalidated: string[] = [];
  const freed: number[] = [];
  let dirtied = 0;
  for (const name of tx.mirrorNames()) {
    const m = tx.mirror(name);
    if (m === undefined || m.proc !== proc) continue;
    // No sequence number in 2015: HMM's tables are updated in place under its own locks.
    invalidated.push(name);
    const mine: number[] = [];
    if (m.hmmPt !== undefined) {
      for (let p = start; p < end; p++) if (tx.hmmPte(name, p) !== null) mine.push(p);
    }
    for (const p of mine) {
      const e = tx.hmmPte(name, p) as DptEntry;
      tx.setHmmPte(name, p, applyMask(e, keepRead));
    }
    const dpages: number[] = [];
    tx.forEachDpt(name, start, end, (p) => dpages.push(p));
    for (const p of dpages) {
      const e = tx.dpt(name, p) as DptEntry;
      const dpfn = entryDpfn(tx, m.device, e);
      const masked = applyMask(e, keepRead);
      tx.setDpt(name, p, masked);
      if (dpfn >= 0) {
        // "Just directly free the fake device memory." (000 L94-99)
        if (masked === null) {
          setRmemBit(tx, m.device, dpfn, false);
          freed.push(dpfn);
        }
      } else if (propagateDirty(tx, proc, p, e)) {
        dirtied++;
        if (masked !== null) tx.setDpt(name, p, { ...masked, dirty: false });
      }
    }
  }
  if (invalidated.length > 0) {
    const range = end - start === 1 ? `page ${start}` : `pages ${start}–${end - 1}`;
    const mask = keepRead ? 'pte_mask clears the write bit' : 'pte_mask is 0 (unmap)';
    const extra =
      (freed.length > 0
        ? ` Fake device page${freed.length === 1 ? '' : 's'} ${freed.join(', ')} lose${freed.length === 1 ? 's its' : ' their'} valid bit and go${freed.length === 1 ? 'es' : ''} back to the bitmap (clear_bit).`
        : '') +
      (dirtied > 0
        ? ` ${dirtied} dirty entr${dirtied === 1 ? 'y hands its' : 'ies hand their'} dirty bit to the page.`
        : '');
    tx.emit(
      'dummy_mirror_pt_invalidate',
      phase,
      tx.coalescing
        ? ''
        : `HMM (${event}) for ${range} of ${proc}: HMM applies the event to its own mirror table, then ${invalidated.join(', ')}'s update callback (dummy_mirror_update) to the device table — ${mask}.${extra}`,
    );
  }
  return { invalidated, skipped: [] };
}
