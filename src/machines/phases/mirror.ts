/**
 * open() and close() of /dev/hmm_dmirrorN (lib/test_hmm.c dmirror_fops_open /
 * dmirror_fops_release; domain.md §2.3).
 */
import type { OpOutcome, PhaseResult, World } from '../../engine/index';
import type { StepOf } from '../opTypes';
import { opMirrorOpen } from '../../engine/ops/mirrorOpen';
import { runPhase } from '../../engine/tx';

/**
 * dmirror_fops_open(): the opener must be alive (-ESRCH), the device must exist (-ENOENT), the
 * name must be free (-EEXIST); then mmu_interval_notifier_insert() over the whole mm.
 */
export function dmirrorFopsOpen(world: World, step: StepOf<'mirror.open'>): PhaseResult<OpOutcome> {
  return runPhase(world, (tx) => opMirrorOpen(tx, step));
}

/** dmirror_fops_release(): the notifier is removed and the device page table destroyed. */
export function dmirrorFopsRelease(world: World, mirror: string): PhaseResult<null> {
  return runPhase(world, (tx) => {
    tx.setMirror(mirror, null);
    tx.emit(
      'dmirror_fops_release',
      'mirror.close',
      () =>
        `${mirror} is closed: dmirror_fops_release removes its interval notifier and destroys its device page table (it held no page references).`,
    );
    return null;
  });
}
