/**
 * The HMM dummy driver's fake device memory (2015, seed 000): `rmem_pages`, ordinary pages taken
 * with alloc_page() at init that the driver "pretend[s] they are not accessible by the CPU
 * directly" (000 L7-10), and `rmem_bitmap`, one bit per page: its whole allocator (000 L26-27,
 * L511-574). The model shows the pages as the device's frames; 8192 pages shrink to the
 * machine's `pages`. Each keeps the one reference alloc_page() gave the driver, for ever.
 */
import type { Tx } from '../tx';
import type { DptEntry } from '../types';

/** dummy_device_init(): bitmap all zero, every fake page allocated (refcount 1) and idle. */
export function dummyDeviceInit(tx: Tx, name: string): void {
  const d = tx.device(name);
  for (let i = 0; i < d.pages; i++) tx.edit(d.base + i).refcount = 1; // alloc_page(GFP_KERNEL)
  const e = tx.editDevice(name);
  e.rmemBitmap = new Array<boolean>(d.pages).fill(false);
  e.dpfn = null;
  tx.emit(
    'dummy_device_init',
    'init',
    `The dummy driver allocates ${d.pages} ordinary pages as ${name}'s fake device memory and a bitmap with one bit per page, all clear.`,
  );
}

/** HMM_DUMMY_RMEM_NBITS, scaled: the size of the device's bitmap. */
export function rmemBits(tx: Tx, device: string): number {
  return tx.device(device).rmemBitmap?.length ?? 0;
}

/**
 * find_first_zero_bit(rmem_bitmap, NBITS): the first free fake page, or NBITS when the bitmap is
 * full — never a negative number, which is what the seed's `if (idx < 0)` tests (B13).
 */
export function findFirstZeroBit(tx: Tx, device: string): number {
  const bits = tx.device(device).rmemBitmap ?? [];
  const i = bits.indexOf(false);
  return i < 0 ? bits.length : i;
}

/** set_bit / clear_bit on the device's bitmap. */
export function setRmemBit(tx: Tx, device: string, dpfn: number, on: boolean): void {
  const bits = [...(tx.device(device).rmemBitmap ?? [])];
  bits[dpfn] = on;
  tx.editDevice(device).rmemBitmap = bits;
}

/** The fake page number (dpfn) of an entry, or −1 if the entry points to a system page. */
export function entryDpfn(tx: Tx, device: string, e: DptEntry | null): number {
  if (e === null) return -1;
  const d = tx.device(device);
  return e.frame >= d.base && e.frame < d.base + d.pages ? e.frame - d.base : -1;
}

/** "dev 2" / "sys:5": what an hmm_pte points to, for the narration. */
export function entryText(tx: Tx, device: string, e: DptEntry): string {
  const dpfn = entryDpfn(tx, device, e);
  const where = dpfn >= 0 ? `fake device page ${dpfn}` : `system page ${e.frame}`;
  return `${where}${e.access === 'write' ? ', write' : ''}${e.dirty === true ? ', dirty' : ''}`;
}
