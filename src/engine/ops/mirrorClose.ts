/**
 * `mirror.close`: close() → dmirror_fops_release(): mmu_interval_notifier_remove() and the device
 * page table is destroyed. It held no page reference, so no refcount changes. Pages the mirror
 * migrated stay in device memory (torvalds/linux; see config.closeEvictsDeviceMemory).
 */
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, openMirror } from './common';
import { removeDeviceChunks } from './devRelease';

/** dmirror_fops_release(): the interval notifier is removed and the device page table destroyed. */
export function dmirrorFopsReleaseTx(tx: Tx, name: string): void {
  tx.setMirror(name, null);
  tx.emit(
    'dmirror_fops_release',
    'mirror.close',
    () =>
      `${name} is closed: dmirror_fops_release removes its interval notifier and destroys its device page table (it held no page references).`,
  );
}

export function closeMirror(tx: Tx, name: string): void {
  const m = tx.mirror(name);
  if (m === undefined) return;
  dmirrorFopsReleaseTx(tx, name);
  if (tx.config.closeEvictsDeviceMemory) removeDeviceChunks(tx, m.device);
}

export function opMirrorClose(tx: Tx, step: { mirror: string }): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  closeMirror(tx, step.mirror);
  return { ret: 0 };
}
