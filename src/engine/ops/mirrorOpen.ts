/**
 * `mirror.open`: open("/dev/hmm_dmirrorN") → dmirror_fops_open(): a dmirror bound to the
 * opener's mm with an mmu_interval_notifier over the whole address space and an empty device
 * page table. No CPU page table or refcount changes (domain.md §2.3).
 */
import { err } from '../errno';
import { pvecEmpty } from '../pvec';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { isOutcome, liveProc } from './common';

export function opMirrorOpen(
  tx: Tx,
  step: { proc: string; device: string; as: string },
): OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  if (!tx.hasDevice(step.device)) {
    return { ret: err('ENOENT'), error: `no device ${step.device} in this machine` };
  }
  if (tx.mirror(step.as) !== undefined) {
    return { ret: err('EEXIST'), error: `mirror ${step.as} is already open` };
  }
  tx.setMirror(step.as, {
    name: step.as,
    device: step.device,
    proc: step.proc,
    seq: 0,
    locked: false,
    pt: pvecEmpty<DptEntry>(),
  });
  tx.emit(
    'mmu_interval_notifier_insert',
    'mirror.open',
    tx.coalescing
      ? ''
      : `${step.proc} opens ${step.device} as ${step.as}: dmirror_fops_open inserts an mmu_interval_notifier over all of ${step.proc}'s address space (sequence 0); the device page table is empty.`,
  );
  return { ret: 0 };
}
