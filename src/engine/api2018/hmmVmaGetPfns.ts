/**
 * The 2018 snapshot API (seed 001, mm/hmm.c as of v4.17), as this model's dmirror would use it:
 * hmm_vma_get_pfns(range) walks the CPU page table and writes every entry in the driver's format;
 * the driver takes its device page-table lock and asks hmm_vma_range_done(range) whether the
 * range is still valid — an invalidation that overlapped it since get_pfns cleared range->valid
 * — and only then uses the entries ("IF YOU DO NOT FOLLOW THE ABOVE RULE THE SNAPSHOT CONTENT
 * MIGHT BE INVALID !", 001:L313). hmm_mirror_register(mirror, mm) preceded both.
 *
 * Model decision: range->valid is tracked with the mirror's notifier sequence number, so any
 * invalidation of the mirror marks the range invalid (v4.17 cleared only ranges it overlapped:
 * the model may retry once more than the kernel, never less).
 */
import { plural, rangeText } from '../narrate';
import { HMM_DMIRROR_PROT_ERROR, dmirrorMkentry } from '../ops/devSnapshot';
import { HMM_PFN_VALID, HMM_PFN_WRITE, hmmPfn } from '../mm/hmmRangeFault';
import type { Tx } from '../tx';
import { findVma } from '../world';
import {
  type HmmPfnFlag,
  entryBits,
  flagNames,
  hasFlag,
  hmmPfnFlagOnly,
  hmmPfnFromPfn,
  hmmPfnToPfn,
} from './encoding';

export const PHASE_2018 = 'hmm_vma_get_pfns';

/** One CPU entry → the driver's uint64_t (hmm_vma_walk_pmd / hmm_vma_handle_pte of v4.17). */
function entryOf(tx: Tx, proc: string, page: number): number {
  const p = tx.proc(proc);
  const vma = p === undefined ? undefined : findVma(p.vmas, page);
  if (vma === undefined || !vma.read) return hmmPfnFlagOnly('ERROR');
  const pte = tx.pte(proc, page);
  if (pte === null) return hmmPfnFlagOnly('NONE');
  const w: HmmPfnFlag[] = pte.write ? ['WRITE'] : [];
  if (pte.kind === 'present') return hmmPfnFromPfn(pte.frame, ...(pte.zero ? [] : w));
  // Every device-private entry is reported, whoever owns it: the dev_private_owner filter
  // came in 2020 ("mm/hmm: check the device private page owner in hmm_range_fault()").
  if (pte.kind === 'devicePrivate') return hmmPfnFromPfn(pte.frame, 'DEVICE_PRIVATE', ...w);
  return hmmPfnFlagOnly('NONE'); // a migration entry: no fault requested, so no wait
}

/** hmm_vma_get_pfns(range): the entries, and the sequence the range's validity is judged by. */
export function hmmVmaGetPfnsTx(
  tx: Tx,
  mirror: string,
  proc: string,
  start: number,
  end: number,
): { pfns: number[]; seq: number } {
  const pfns: number[] = [];
  for (let page = start; page < end; page++) pfns.push(entryOf(tx, proc, page));
  const seq = tx.mirror(mirror)?.seq ?? 0;
  tx.emit(
    'hmm_vma_get_pfns',
    PHASE_2018,
    () =>
      `hmm_vma_get_pfns puts the range on the mirror's list (range->valid = true) and writes ${rangeText(start, end)} in ${mirror}'s own format (range->flags, pfn_shift 6): ${describeEntries(start, pfns)}.`,
  );
  return { pfns, seq };
}

/** The first entries bit by bit, as the narration shows them ("page 0: pfn 5 << 6 | …"). */
export function describeEntries(start: number, pfns: readonly number[]): string {
  const shown = pfns.slice(0, 4).map((e, i) => {
    const pfn = hmmPfnToPfn(e);
    const what = pfn < 0 ? flagNames(e).join('|') : `pfn ${pfn} << 6 | ${flagNames(e).join(' | ')}`;
    return `page ${start + i}: ${what} = ${entryBits(e)}`;
  });
  return `${shown.join('; ')}${pfns.length > 4 ? '; …' : ''}`;
}

/** Driver lock + hmm_vma_range_done(range): true if the entries may be used (lock kept). */
export function hmmVmaRangeDoneTx(
  tx: Tx,
  mirror: string,
  seq: number,
  phase: string = PHASE_2018,
): boolean {
  const now = tx.mirror(mirror)?.seq ?? seq;
  const valid = now === seq;
  tx.setMirrorLocked(mirror, valid);
  tx.emit('hmm_vma_range_done', phase, () =>
    valid
      ? `${mirror} takes its device page-table lock; hmm_vma_range_done takes the range off the list and returns true: no invalidation touched it, the entries are good.`
      : `${mirror} takes its lock; hmm_vma_range_done returns false: an invalidation cleared range->valid since ${phase === PHASE_2018 ? 'hmm_vma_get_pfns' : 'hmm_vma_fault'} (sequence ${seq} → ${now}). The driver drops the lock and starts again.`,
  );
  return valid;
}

/** The driver decodes each entry with its own table (hmm_pfn_to_pfn) into the snapshot byte. */
export function dmirrorMkentry2018Tx(
  tx: Tx,
  mirror: string,
  device: string,
  pfns: readonly number[],
): number[] {
  const prot = pfns.map((e) => {
    if (hasFlag(e, 'ERROR')) return HMM_DMIRROR_PROT_ERROR;
    const pfn = hmmPfnToPfn(e);
    if (pfn < 0) return 0;
    // Re-expressed as today's HMM pfn so the one dmirror_mkentry decides the byte.
    return dmirrorMkentry(
      tx,
      device,
      hmmPfn(pfn, HMM_PFN_VALID | (hasFlag(e, 'WRITE') ? HMM_PFN_WRITE : 0)),
    );
  });
  tx.setMirrorLocked(mirror, false);
  tx.emit(
    'dmirror_mkentry',
    PHASE_2018,
    () =>
      `Under its lock ${mirror} decodes each entry with its own table (hmm_pfn_to_pfn: entry >> pfn_shift when VALID) and encodes ${plural(prot.length, 'byte')}: ${prot
        .slice(0, 8)
        .map((b) => `0x${b.toString(16).padStart(2, '0')}`)
        .join(' ')}${prot.length > 8 ? ' …' : ''}; then it unlocks.`,
  );
  return prot;
}
