/**
 * The 2018 HMM pfn format (seed 001, "[PATCH 4/4] mm/hmm: change CPU page table snapshot
 * functions to simplify drivers", Mar 2018): an entry is a uint64_t in the *driver's* own
 * layout. The driver hands hmm_range a table of flag values (range->flags, indexed by
 * enum hmm_pfn_flag_e) and a shift (range->pfn_shift), so HMM writes entries the device page
 * table can take as they are: entry = (pfn << pfn_shift) | flags[...] (001:L90-120, L159-191).
 */

/** enum hmm_pfn_flag_e (001:L90-98). */
export const HMM_PFN_FLAG = {
  VALID: 0,
  WRITE: 1,
  ERROR: 2,
  NONE: 3,
  SPECIAL: 4,
  DEVICE_PRIVATE: 5,
} as const;
export type HmmPfnFlag = keyof typeof HMM_PFN_FLAG;

/**
 * This model's dmirror, written against the 2018 API, describes its device page table entries
 * like this (each driver picks its own; nouveau's put the address higher up). One bit per flag.
 */
export const DMIRROR_2018_FLAGS: Readonly<Record<HmmPfnFlag, number>> = {
  VALID: 1 << 0,
  WRITE: 1 << 1,
  ERROR: 1 << 2,
  NONE: 1 << 3,
  SPECIAL: 1 << 4,
  DEVICE_PRIVATE: 1 << 5,
};
export const DMIRROR_2018_PFN_SHIFT = 6;

/** hmm_pfn_from_pfn(range, pfn) plus extra flags: (pfn << pfn_shift) | VALID | extra. */
export function hmmPfnFromPfn(frame: number, ...flags: HmmPfnFlag[]): number {
  let v = frame * 2 ** DMIRROR_2018_PFN_SHIFT + DMIRROR_2018_FLAGS.VALID;
  for (const f of flags) v += DMIRROR_2018_FLAGS[f];
  return v;
}

/** A flag-only entry (range->values in later versions): NONE, ERROR, SPECIAL. */
export function hmmPfnFlagOnly(flag: HmmPfnFlag): number {
  return DMIRROR_2018_FLAGS[flag];
}

export function hasFlag(entry: number, flag: HmmPfnFlag): boolean {
  return Math.floor(entry / DMIRROR_2018_FLAGS[flag]) % 2 === 1;
}

/** hmm_pfn_to_pfn(range, entry): the pfn, or -1 without VALID (001:L165-176). */
export function hmmPfnToPfn(entry: number): number {
  if (!hasFlag(entry, 'VALID')) return -1;
  return Math.floor(entry / 2 ** DMIRROR_2018_PFN_SHIFT);
}

/** The entry bit by bit, as the narration shows it: `0b101_000011` (pfn bits _ flag bits). */
export function entryBits(entry: number): string {
  const pfn = Math.floor(entry / 2 ** DMIRROR_2018_PFN_SHIFT);
  const low = (entry % 2 ** DMIRROR_2018_PFN_SHIFT)
    .toString(2)
    .padStart(DMIRROR_2018_PFN_SHIFT, '0');
  return `0b${pfn.toString(2)}_${low}`;
}

/** The names of the flags set in an entry, in enum order. */
export function flagNames(entry: number): HmmPfnFlag[] {
  return (Object.keys(HMM_PFN_FLAG) as HmmPfnFlag[]).filter((f) => hasFlag(entry, f));
}
