/**
 * `dev.snapshot`: HMM_DMIRROR_SNAPSHOT (lib/test_hmm.c dmirror_snapshot → dmirror_range_snapshot
 * → dmirror_mkentry; kernel-selftests.md §A.6). hmm_range_fault with default_flags = 0 never
 * faults; each page is encoded as one protection byte. Nothing changes: no PTE, no refcount, and
 * not even the mirror's own page table (the walk uses a temporary notifier).
 */
import {
  HMM_PFN_ERROR,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  hmmPfnFlags,
  hmmPfnFrame,
  hmmWalk,
} from '../mm/hmmRangeFault';
import { dmirrorMkentry2018Tx, hmmVmaGetPfnsTx, hmmVmaRangeDoneTx } from '../api2018/hmmVmaGetPfns';
import { crashOnOverwrittenPgmap } from '../mm/lruAlias';
import { rangeText } from '../narrate';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, openMirror } from './common';

export const HMM_DMIRROR_PROT_ERROR = 0xff;
export const HMM_DMIRROR_PROT_NONE = 0x00;
export const HMM_DMIRROR_PROT_READ = 0x01;
export const HMM_DMIRROR_PROT_WRITE = 0x02;
export const HMM_DMIRROR_PROT_ZERO = 0x10;
export const HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL = 0x20;
export const HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE = 0x30;
export const HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL = 0x40;
export const HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE = 0x50;

/** dmirror_mkentry(): one HMM pfn → one byte. */
export function dmirrorMkentry(tx: Tx, device: string, pfn: number): number {
  const flags = hmmPfnFlags(pfn);
  if (flags & HMM_PFN_ERROR) return HMM_DMIRROR_PROT_ERROR;
  if (!(flags & HMM_PFN_VALID)) return HMM_DMIRROR_PROT_NONE;
  const frame = hmmPfnFrame(pfn);
  let perm = HMM_DMIRROR_PROT_NONE;
  const dev = tx.frame(frame).zone === 'device' ? tx.deviceOfFrame(frame) : undefined;
  if (dev !== undefined) {
    const local = dev.name === device;
    if (dev.memory === 'private') {
      perm = local ? HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL : HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE;
    } else {
      perm = local ? HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL : HMM_DMIRROR_PROT_DEV_COHERENT_REMOTE;
    }
  } else if (frame === tx.zeroFrame) {
    perm = HMM_DMIRROR_PROT_ZERO;
  }
  return perm | (flags & HMM_PFN_WRITE ? HMM_DMIRROR_PROT_WRITE : HMM_DMIRROR_PROT_READ);
}

/**
 * dmirror_range_snapshot(): hmm_range_fault() over [start, end) of the mirror's process with
 * default_flags = 0 and pfn_flags_mask = 0, a walk that never faults and so cannot fail. It runs
 * on a temporary notifier, so not even the mirror's own page table changes. Returns the pfns.
 */
export function dmirrorRangeSnapshotTx(
  tx: Tx,
  mirror: string,
  proc: string,
  device: string,
  start: number,
  end: number,
): number[] {
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
}

/** dmirror_mkentry() for every pfn: the bytes the ioctl copies to user space. */
export function dmirrorMkentriesTx(tx: Tx, device: string, pfns: readonly number[]): number[] {
  const prot = pfns.map((pfn) => dmirrorMkentry(tx, device, pfn));
  // is_device_private_page() reads page->pgmap of every valid page: after B8 it is garbage.
  for (const pfn of pfns) {
    if (!(hmmPfnFlags(pfn) & HMM_PFN_VALID)) continue;
    const use = 'dmirror_mkentry (is_device_private_page)';
    if (crashOnOverwrittenPgmap(tx, hmmPfnFrame(pfn), 'dmirror_mkentry', 'dev.snapshot', use))
      return prot;
  }
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
}

export function opDevSnapshot(
  tx: Tx,
  step: { mirror: string; page: number; count: number },
): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  const start = step.page;
  const end = start + step.count;
  if (tx.config.api === '2018') {
    // Alone, nothing can invalidate the range between get_pfns and range_done.
    const got = hmmVmaGetPfnsTx(tx, step.mirror, m.proc, start, end);
    hmmVmaRangeDoneTx(tx, step.mirror, got.seq);
    return {
      ret: 0,
      cpages: step.count,
      prot: dmirrorMkentry2018Tx(tx, step.mirror, m.device, got.pfns),
    };
  }
  const pfns = dmirrorRangeSnapshotTx(tx, step.mirror, m.proc, m.device, start, end);
  const prot = dmirrorMkentriesTx(tx, m.device, pfns);
  return { ret: 0, cpages: step.count, prot };
}
