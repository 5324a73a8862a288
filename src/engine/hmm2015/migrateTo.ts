/**
 * HMM_DUMMY_MIGRATE_TO (seed 000 L365-415, L489-505, dummy_lmem_to_rmem) in four phases:
 * 1. the driver pre-allocates one fake device page per page of the range from its bitmap, under
 *    its mutex ("Device driver is free to pre-allocate memory or to allocate it inside the copy
 *    callback.");
 * 2. hmm_mirror_fault(HMM_COPY_TO_DEVICE): HMM faults the range in, selects the pages it can
 *    move and replaces their CPU entries with its special swap entry (2015 core, outside the
 *    seed's diff [analysis]);
 * 3. HMM calls the driver's copy_to_device (dummyCopyToDevice.ts);
 * 4. HMM frees the copied system pages and restores the rest; the driver frees every fake page
 *    it reserved and did not use, and returns hmm_mirror_fault's result.
 */
import { err } from '../errno';
import { handleMmFault } from '../mm/fault';
import { putPage } from '../mm/pageAlloc';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { findVma } from '../world';
import { entryDpfn, findFirstZeroBit, rmemBits, setRmemBit } from './dummyDevice';

/** Phase 1. False if the kernel crashed (B13: a full bitmap). */
export function dummyReserve(tx: Tx, mirror: string, start: number, end: number): boolean {
  const m = tx.mirror(mirror);
  if (m === undefined) return false;
  const dpfn: number[] = [];
  for (let i = 0; i < end - start; i++) {
    const idx = findFirstZeroBit(tx, m.device);
    if (idx >= rmemBits(tx, m.device)) {
      // find_first_zero_bit() returns NBITS on a full bitmap; `if (idx < 0)` never fires and
      // set_bit(NBITS) writes past the bitmap (domain.md §4 B13).
      tx.editDevice(m.device).dpfn = dpfn;
      tx.fail({
        kind: 'crash',
        invariant: 'INV-D1',
        message: `${m.device}'s bitmap is full: find_first_zero_bit returns ${idx} (NBITS), never a negative number, so the driver's "if (idx < 0)" does not fire; set_bit(${idx}) writes past the bitmap and copy_to_device would copy into rmem_pages[${idx}], past the array (memory corruption).`,
      });
      tx.emit(
        'dummy_lmem_to_rmem',
        'dummy_lmem_to_rmem',
        `Bitmap full at page ${start + i}: the driver corrupts memory (B13).`,
      );
      return false;
    }
    dpfn.push(idx);
    setRmemBit(tx, m.device, idx, true);
  }
  tx.editDevice(m.device).dpfn = dpfn;
  tx.emit(
    'dummy_lmem_to_rmem',
    'dummy_lmem_to_rmem',
    tx.coalescing
      ? ''
      : `Under ${m.device}'s mutex the driver reserves ${dpfn.length} fake device page${dpfn.length === 1 ? '' : 's'} with find_first_zero_bit + set_bit: dpfn = [${dpfn.join(', ')}].`,
  );
  return true;
}

/** A page HMM can move: a private anonymous page mapped once, nothing else holding it. */
function selectable(tx: Tx, proc: string, page: number): boolean {
  const pte = tx.pte(proc, page);
  if (pte?.kind !== 'present' || pte.zero) return false;
  const f = tx.frame(pte.frame);
  return f.zone === 'normal' && f.mapping === 'anon' && f.mapcount === 1 && f.refcount === 1;
}

/** Phase 2: returns the `select` bit of each page of the range. */
export function hmmMigrateSelect(tx: Tx, mirror: string, start: number, end: number): boolean[] {
  const m = tx.mirror(mirror);
  if (m === undefined) return [];
  const dev = tx.device(m.device);
  const dpfn = dev.dpfn ?? [];
  const selected: boolean[] = [];
  for (let page = start; page < end; page++) {
    const vma = findVma(tx.proc(m.proc)?.vmas ?? [], page);
    const pte = tx.pte(m.proc, page);
    if (vma?.read === true && (pte === null || (pte.kind === 'present' && pte.zero && vma.write)))
      handleMmFault(tx, m.proc, page, vma.write); // the pages must exist before they can move
    const ok = selectable(tx, m.proc, page) && entryDpfn(tx, m.device, tx.hmmPte(mirror, page)) < 0;
    selected.push(ok);
    if (!ok) continue;
    const now = tx.pte(m.proc, page);
    if (now?.kind !== 'present') continue;
    const e: DptEntry = { frame: now.frame, access: now.write ? 'write' : 'read', dirty: false };
    tx.setHmmPte(mirror, page, e); // valid_pfn + select in HMM's table
    const f = tx.edit(now.frame); // unmapped and locked; HMM holds the mapping's reference
    f.mapcount = 0;
    f.rmapProcs = [];
    f.locked = true;
    const target = dev.base + (dpfn[page - start] ?? 0);
    tx.setPte(m.proc, page, { kind: 'hmm', frame: target, write: false });
  }
  const n = selected.filter(Boolean).length;
  tx.emit(
    'hmm_mirror_fault',
    'hmm_mirror_fault',
    tx.coalescing
      ? ''
      : `hmm_mirror_fault(HMM_COPY_TO_DEVICE): HMM selects ${n} of ${end - start} pages (private anonymous pages mapped once) and replaces their CPU entries with its special swap entry; a CPU access now faults into HMM. The system pages stay locked until the copy.`,
  );
  return selected;
}

/** Phase 4 (HMM): free what was copied, put back what was not. */
export function hmmMigrateFinish(
  tx: Tx,
  mirror: string,
  start: number,
  selected: readonly boolean[],
  copied: readonly boolean[],
): void {
  const m = tx.mirror(mirror);
  if (m === undefined) return;
  let freed = 0;
  let restored = 0;
  selected.forEach((sel, i) => {
    if (!sel) return;
    const page = start + i;
    const mpte = tx.hmmPte(mirror, page);
    if (mpte === null) return;
    const sys = mpte.frame;
    tx.edit(sys).locked = false;
    if (copied[i] === true) {
      const dpte = tx.dpt(mirror, page);
      if (dpte !== null) tx.setHmmPte(mirror, page, { ...dpte, dirty: false });
      putPage(tx, sys);
      freed++;
    } else {
      const vma = findVma(tx.proc(m.proc)?.vmas ?? [], page);
      const f = tx.edit(sys);
      f.mapcount = 1;
      f.rmapProcs = [m.proc];
      f.rmapPage = page;
      tx.setPte(m.proc, page, {
        kind: 'present',
        frame: sys,
        write: vma?.write === true,
        dirty: true,
        zero: false,
      });
      restored++;
    }
  });
  tx.emit(
    'hmm_mirror_fault',
    'hmm_mirror_fault',
    tx.coalescing
      ? ''
      : `HMM frees the ${freed} copied system page${freed === 1 ? '' : 's'} (their data now lives in fake device memory, HMM's table points there)` +
          (restored > 0 ? ` and maps the ${restored} it could not copy back in place` : '') +
          '.',
  );
}

/** Phase 4 (driver): clear_bit every reserved page copy_to_device did not consume; kfree(dpfn). */
export function dummyFreeUnused(tx: Tx, mirror: string, ret: number): number {
  const m = tx.mirror(mirror);
  if (m === undefined) return err('EINVAL');
  const left = (tx.device(m.device).dpfn ?? []).filter((d) => d !== -1);
  for (const d of left) setRmemBit(tx, m.device, d, false);
  tx.editDevice(m.device).dpfn = null;
  tx.emit(
    'dummy_lmem_to_rmem',
    'dummy_lmem_to_rmem',
    tx.coalescing
      ? ''
      : `hmm_mirror_fault returns ${ret}. ` +
          (left.length > 0
            ? `The driver clears the bits of the ${left.length} reserved page${left.length === 1 ? '' : 's'} copy_to_device did not use (${left.join(', ')}) and frees dpfn.`
            : 'Every reserved page was used (dpfn[i] = -1); the driver frees dpfn.'),
  );
  return ret;
}
