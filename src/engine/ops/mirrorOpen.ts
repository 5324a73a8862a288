/**
 * `mirror.open`: open("/dev/hmm_dmirrorN") → dmirror_fops_open(): a dmirror bound to the
 * opener's mm with an mmu_interval_notifier over the whole address space and an empty device
 * page table. No CPU page table or refcount changes (domain.md §2.3).
 */
import { err } from '../errno';
import { pvecEmpty } from '../pvec';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { DptEntry, Mirror } from '../types';
import { isOutcome, liveProc } from './common';

export interface OpenStep {
  readonly proc: string;
  readonly device: string;
  readonly as: string;
}

/**
 * What opening a device file checks and creates on every API generation: a live opener
 * (-ESRCH), an existing device (-ENOENT), a free name (-EEXIST); then an empty mirror (with
 * `extra`, e.g. the 2015 API's own table). Returns the failure, or null once the mirror exists.
 */
export function createMirror(
  tx: Tx,
  step: OpenStep,
  extra: Partial<Mirror> = {},
): OpOutcome | null {
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
    ...extra,
  });
  return null;
}

export function opMirrorOpen(tx: Tx, step: OpenStep): OpOutcome {
  const failed = createMirror(tx, step);
  if (failed !== null) return failed;
  tx.emit(
    'mmu_interval_notifier_insert',
    'mirror.open',
    tx.coalescing
      ? ''
      : `${step.proc} opens ${step.device} as ${step.as}: dmirror_fops_open inserts an mmu_interval_notifier over all of ${step.proc}'s address space (sequence 0); the device page table is empty.`,
  );
  return { ret: 0 };
}
