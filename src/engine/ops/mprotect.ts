/**
 * `mprotect` (mm/mprotect.c mprotect_fixup → change_protection → change_pte_range).
 * -ENOMEM if part of the range is not mapped. If the range has page-table entries, mirrors see
 * MMU_NOTIFY_PROTECTION_VMA. Present PTEs lose write permission when the VMA does; when it
 * gains it, a private page becomes writable only if it is an exclusive anonymous page
 * (can_change_pte_writable; never the zero page) and a shared page always. A writable
 * device-private entry always becomes read-only, whatever the new protection.
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import { mmuNotifierInvalidate } from '../mm/notifier';
import { vmaCovered, vmaSetProt } from '../mm/vma';
import type { OpOutcome, Prot } from '../steps';
import type { Tx } from '../tx';
import type { Pte } from '../types';
import { isOutcome, liveProc } from './common';
import { protBits } from './mmap';

export function opMprotect(
  tx: Tx,
  step: { proc: string; page: number; count: number; prot: Prot },
): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  const start = step.page;
  const end = start + step.count;
  if (!vmaCovered(p.vmas, start, end)) {
    return { ret: err('ENOMEM'), error: `${rangeText(start, end)} is not entirely mapped` };
  }
  const { read, write } = protBits(step.prot);
  const shared = p.vmas.find((v) => v.start < end && v.end > start)?.shared ?? false;
  const pages: number[] = [];
  tx.forEachPte(step.proc, start, end, (page) => pages.push(page));
  // change_protection() runs the notifier before it touches the PTEs; the VMA flags and the PTEs
  // then change together under the mmap write lock (one micro-step, never seen half-done).
  if (pages.length > 0) {
    mmuNotifierInvalidate(tx, step.proc, start, end, 'PROTECTION_VMA', null, 'mprotect');
  }
  tx.setProc({ ...p, vmas: vmaSetProt(p.vmas, start, end, read, write) });
  let changed = 0;
  for (const page of pages) {
    const pte = tx.pte(step.proc, page);
    if (pte === null) continue;
    let next: Pte = pte;
    if (pte.kind === 'present') {
      let w = false;
      if (write && !pte.zero) {
        const f = tx.frame(pte.frame);
        w = shared || (f.mapping === 'anon' && f.mapcount === 1);
      }
      if (w !== pte.write) next = { ...pte, write: w };
    } else if ((pte.kind === 'devicePrivate' || pte.kind === 'migration') && pte.write) {
      next = { ...pte, write: false };
    } else if (pte.kind === 'deviceExclusive' && pte.write !== write) {
      // change_pte_range() leaves the kernel's device-exclusive entry alone (it has no write
      // bit; restore_exclusive_pte reads the VMA); the model's `write` follows the VMA.
      next = { ...pte, write };
    }
    if (next !== pte) {
      tx.setPte(step.proc, page, next);
      changed++;
    }
  }
  tx.emit(
    'change_protection',
    'mprotect',
    tx.coalescing
      ? ''
      : `mprotect sets ${rangeText(start, end)} of ${step.proc} to PROT_${step.prot === 'rw' ? 'READ|WRITE' : step.prot === 'r' ? 'READ' : 'NONE'}; change_protection updates ${changed} page-table ${changed === 1 ? 'entry' : 'entries'}.`,
  );
  return { ret: 0 };
}
