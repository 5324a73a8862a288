/**
 * dummy_copy_to_device (seed 000 L186-277), called by HMM for the event's range: per page, the
 * mirror entry must point to a system page HMM selected, else -EINVAL ("(HMM FATAL) empty pt");
 * a device entry already in fake device memory is -EINVAL too ("(DUMMY FATAL) existing device
 * entry"). Otherwise the driver points the device entry at its reserved page dpfn[i], copies
 * the data (copy_highpage), marks dpfn[i] consumed (-1), counts nfaulted_dev_pages, carries the
 * old entry's dirty bit over and sets write iff the VMA has VM_WRITE (INV-D2). The loop stops at
 * the first error.
 */
import { err } from '../errno';
import { v } from '../invariantsCatalog';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { findVma } from '../world';
import { entryDpfn } from './dummyDevice';

export interface CopyToDevice2015 {
  readonly ret: number;
  readonly copied: boolean[];
  readonly nfaulted: number;
}

export function dummyCopyToDevice(
  tx: Tx,
  mirror: string,
  start: number,
  end: number,
  selected: readonly boolean[],
): CopyToDevice2015 {
  const m = tx.mirror(mirror);
  if (m === undefined) return { ret: err('EINVAL'), copied: [], nfaulted: 0 };
  const dev = tx.device(m.device);
  const dpfn = [...(dev.dpfn ?? [])];
  const copied = selected.map(() => false);
  let ret = 0;
  let why = '';
  let i = 0;
  for (; i < end - start; i++) {
    const page = start + i;
    const mpte = tx.hmmPte(mirror, page);
    if (mpte === null || entryDpfn(tx, m.device, mpte) >= 0 || selected[i] !== true) {
      ret = err('EINVAL');
      why = `page ${page}'s mirror entry is not a selected system page ("(HMM FATAL) empty pt")`;
      break;
    }
    const old = tx.dpt(mirror, page);
    if (entryDpfn(tx, m.device, old) >= 0) {
      ret = err('EINVAL');
      why = `page ${page} already has a device-memory entry ("(DUMMY FATAL) existing device entry")`;
      break;
    }
    const d = dpfn[i] as number;
    const target = dev.base + d;
    tx.edit(target).value = tx.frame(mpte.frame).value; // copy_highpage(dpage, spage)
    dpfn[i] = -1;
    const vma = findVma(tx.proc(m.proc)?.vmas ?? [], page);
    const dst: DptEntry = {
      frame: target,
      access: vma?.write === true ? 'write' : 'read',
      dirty: old?.dirty === true,
    };
    tx.setDpt(mirror, page, dst);
    copied[i] = true;
    const now = tx.dpt(mirror, page);
    if ((now?.access === 'write') !== (vma?.write === true) || now?.dirty !== dst.dirty)
      tx.flag(
        v(
          'INV-D2',
          `page ${page}: the device entry does not follow VM_WRITE or lost its dirty bit`,
        ),
      );
  }
  tx.editDevice(m.device).dpfn = dpfn;
  const n = copied.filter(Boolean).length;
  tx.emit(
    'dummy_copy_to_device',
    'copy_to_device',
    tx.coalescing
      ? ''
      : `copy_to_device: ${mirror} copies ${n} page${n === 1 ? '' : 's'} into fake device memory (copy_highpage), points each device entry at its page (write iff the VMA is writable, dirty bit carried over) and marks dpfn[i] = -1 (nfaulted_dev_pages = ${n}).` +
          (ret < 0 ? ` Then -EINVAL: ${why}.` : ''),
  );
  return { ret, copied, nfaulted: n };
}
