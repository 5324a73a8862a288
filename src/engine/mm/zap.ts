/**
 * zap_pte_range() (mm/memory.c; domain.md §2.10): tearing down the PTEs of a range. A present
 * page loses its mapcount and the mapping's reference (a shmem page also its page-cache
 * reference when this was its last mapping: the model frees a shared page with its last mapping). A device-private entry
 * does the same to its device page, whose last put calls page_free and drops a pgmap reference.
 * The zero page holds no reference.
 */
import { plural } from '../narrate';
import type { Tx } from '../tx';
import { putPage } from './pageAlloc';

/** Zaps [start, end) of `proc`; returns how many entries and freed pages. */
export function zapPteRange(
  tx: Tx,
  proc: string,
  start: number,
  end: number,
): { entries: number; freed: number } {
  const found: number[] = [];
  tx.forEachPte(proc, start, end, (page) => found.push(page));
  let freed = 0;
  let devFreed = 0;
  for (const page of found) {
    const pte = tx.pte(proc, page);
    if (pte === null) continue;
    tx.setPte(proc, page, null);
    if (pte.kind === 'present' && pte.zero) continue;
    if (pte.kind === 'migration') continue; // never at rest: migration holds the page
    // A 2015 HMM entry holds no page: the invalidation before the zap freed its fake page.
    if (pte.kind === 'hmm') continue;
    const f = tx.frame(pte.frame);
    const e = tx.edit(pte.frame);
    e.mapcount--;
    e.rmapProcs = e.rmapProcs.filter((p) => p !== proc); // folio_remove_rmap_pte
    // The model keeps a shmem page in its file only while something maps it: the last mapping
    // also drops the page cache's reference (see docs/scenario-format.md, model decisions).
    const lastShmem = f.mapping === 'shmem' && e.mapcount === 0;
    let gone = putPage(tx, pte.frame);
    if (lastShmem && !gone) gone = putPage(tx, pte.frame);
    // Still referenced (a GUP reference): out of the shmem file now, as truncation leaves it.
    if (lastShmem && !gone) tx.edit(pte.frame).mapping = null;
    if (gone) {
      freed++;
      if (f.zone === 'device') devFreed++;
    }
  }
  if (found.length > 0) {
    tx.emit(
      'zap_pte_range',
      'zap_pte_range',
      tx.coalescing
        ? ''
        : `zap_pte_range clears ${plural(found.length, 'entry', 'entries')} of ${proc}: each mapping drops its mapcount and reference; ` +
            `${plural(freed, 'page')} freed` +
            (devFreed > 0
              ? ` (${devFreed} device ${devFreed === 1 ? 'page goes' : 'pages go'} back through page_free)`
              : '') +
            '.',
    );
  }
  return { entries: found.length, freed };
}
