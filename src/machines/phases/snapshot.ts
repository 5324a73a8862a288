/**
 * HMM_DMIRROR_SNAPSHOT's two phases (lib/test_hmm.c dmirror_range_snapshot → dmirror_mkentry):
 * hmm_range_fault() with default_flags = 0, which never faults and so cannot fail, then one
 * protection byte per page. Nothing in the world changes.
 */
import { dmirrorMkentry, type PhaseResult, type World } from '../../engine/index';
import { hmmWalk } from '../../engine/mm/hmmRangeFault';
import { rangeText } from '../../engine/narrate';
import { runPhase } from '../../engine/tx';

/** The snapshot walk over [start, end) of the mirror's process: the HMM pfns. */
export function dmirrorRangeSnapshot(
  world: World,
  mirror: string,
  proc: string,
  device: string,
  start: number,
  end: number,
): PhaseResult<number[]> {
  return runPhase(world, (tx) => {
    const pfns = new Array<number>(end - start).fill(0);
    hmmWalk(
      tx,
      {
        notifier: mirror,
        proc,
        start,
        end,
        hmmPfns: pfns.slice(),
        defaultFlags: 0,
        pfnFlagsMask: 0,
        devPrivateOwner: device,
        notifierSeq: 0,
      },
      start,
      pfns,
    );
    tx.emit(
      'dmirror_range_snapshot',
      'dev.snapshot',
      () =>
        `${mirror} snapshots ${rangeText(start, end)}: hmm_range_fault with no fault flags reads the CPU page table (own device-private pages reported, others not).`,
    );
    return pfns;
  });
}

/** dmirror_mkentry() for every pfn: the bytes the ioctl copies to user space. */
export function dmirrorMkentries(
  world: World,
  device: string,
  pfns: readonly number[],
): PhaseResult<number[]> {
  return runPhase(world, (tx) => {
    const prot = pfns.map((pfn) => dmirrorMkentry(tx, device, pfn));
    tx.emit(
      'dmirror_mkentry',
      'dev.snapshot',
      () =>
        `dmirror_mkentry encodes one byte per page: ${prot
          .slice(0, 8)
          .map((b) => `0x${b.toString(16).padStart(2, '0')}`)
          .join(' ')}${prot.length > 8 ? ' …' : ''}.`,
    );
    return prot;
  });
}
