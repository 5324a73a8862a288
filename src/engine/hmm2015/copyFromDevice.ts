/**
 * A CPU access to a page in fake device memory (2015): do_swap_page finds HMM's special swap
 * entry and calls into HMM (the 2015 core's CPU-fault handler [general knowledge: the series'
 * "special swap filetype" patch is not in the seed]), which allocates a system page and asks the
 * mirror that holds the data for it: dummy_copy_from_device (seed 000 L113-184). The driver
 * copies the data back (copy_highpage), frees the fake page at once (clear_bit), moves the
 * entry's dirty bit to the new entry and points its device entry at the system page, dirty
 * cleared: the device keeps access to the data, now in system memory (INV-D3).
 */
import { v } from '../invariantsCatalog';
import type { FaultOutcome } from '../mm/fault';
import { allocSysPage } from '../mm/pageAlloc';
import type { Tx } from '../tx';
import { findVma } from '../world';
import { entryDpfn, setRmemBit } from './dummyDevice';

export function hmmHandleCpuFault2015(tx: Tx, proc: string, page: number): FaultOutcome {
  const pte = tx.pte(proc, page);
  if (pte?.kind !== 'hmm') return 'done';
  const owner = tx.mirrorNames().find((n) => {
    const m = tx.mirror(n);
    return m?.proc === proc && tx.hmmPte(n, page)?.frame === pte.frame;
  });
  const m = owner === undefined ? undefined : tx.mirror(owner);
  const dpte = owner === undefined ? null : tx.dpt(owner, page);
  if (owner === undefined || m === undefined || dpte === null) return 'sigbus';
  const dpfn = entryDpfn(tx, m.device, dpte);
  if (dpfn < 0) return 'sigbus'; // the driver's sanity check: -EINVAL
  const frame = allocSysPage(tx);
  if (frame === null) return 'oom';
  const vma = findVma(tx.proc(proc)?.vmas ?? [], page);
  const f = tx.edit(frame);
  f.value = tx.frame(dpte.frame).value; // copy_highpage(dpage, spage)
  f.refcount = 1;
  f.mapcount = 1;
  f.lru = true;
  f.mapping = 'anon';
  f.rmapProcs = [proc];
  f.rmapPage = page;
  setRmemBit(tx, m.device, dpfn, false); // "Directly free the fake device memory."
  const dirty = dpte.dirty === true; // hmm_pte_test_and_clear_dirty(dpte) → hmm_pte_set_dirty(&dst[i])
  const back = { frame, access: dpte.access, dirty: false } as const;
  tx.setDpt(owner, page, back);
  tx.setHmmPte(owner, page, back);
  tx.setPte(proc, page, { kind: 'present', frame, write: vma?.write === true, dirty, zero: false });
  const now = tx.dpt(owner, page);
  if (
    now?.frame !== frame ||
    now.dirty === true ||
    tx.device(m.device).rmemBitmap?.[dpfn] !== false
  )
    tx.flag(
      v(
        'INV-D3',
        `page ${page}: the device entry, the bitmap or the dirty bit is wrong after the copy back`,
      ),
    );
  tx.emit(
    'dummy_copy_from_device',
    'do_swap_page',
    tx.coalescing
      ? ''
      : `The CPU touches page ${page} of ${proc}: do_swap_page finds HMM's entry, HMM allocates system page ${frame} and calls ${owner}'s copy_from_device, which copies fake device page ${dpfn} back, frees it (clear_bit)` +
          (dirty ? ', moves its dirty bit to the new entry' : '') +
          ` and points its device entry at the system page. The CPU maps it ${vma?.write === true ? 'writable' : 'read-only'}.`,
  );
  return 'done';
}
