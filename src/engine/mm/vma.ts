/**
 * VMA list surgery for mmap / munmap / mprotect (mm/vma.c: split and merge). VMAs are kept
 * sorted; adjacent private VMAs with the same protection merge (vma_merge); shared ones never do,
 * since each shared anonymous mapping is its own shmem object.
 */
import type { Vma } from '../types';

function mergeable(a: Vma, b: Vma): boolean {
  return (
    a.end === b.start &&
    !a.shared &&
    !b.shared &&
    a.read === b.read &&
    a.write === b.write &&
    (a.peer ?? false) === (b.peer ?? false)
  );
}

function normalise(vmas: Vma[]): Vma[] {
  vmas.sort((x, y) => x.start - y.start);
  const out: Vma[] = [];
  for (const v of vmas) {
    const prev = out[out.length - 1];
    if (prev !== undefined && mergeable(prev, v)) out[out.length - 1] = { ...prev, end: v.end };
    else out.push(v);
  }
  return out;
}

/** The VMAs with [start, end) removed (splitting the ones that straddle it). */
export function vmaRemoveRange(vmas: readonly Vma[], start: number, end: number): Vma[] {
  const out: Vma[] = [];
  for (const v of vmas) {
    if (v.end <= start || v.start >= end) {
      out.push(v);
      continue;
    }
    if (v.start < start) out.push({ ...v, end: start });
    if (v.end > end) out.push({ ...v, start: end });
  }
  return out;
}

/** Inserts a VMA (the range must be free) and merges neighbours. */
export function vmaInsert(vmas: readonly Vma[], v: Vma): Vma[] {
  return normalise([...vmas, v]);
}

/** True if [start, end) is entirely covered by VMAs. */
export function vmaCovered(vmas: readonly Vma[], start: number, end: number): boolean {
  let at = start;
  for (const v of vmas) {
    if (v.end <= at) continue;
    if (v.start > at) return false;
    at = v.end;
    if (at >= end) return true;
  }
  return at >= end;
}

/** True if some VMA overlaps [start, end). */
export function vmaOverlaps(vmas: readonly Vma[], start: number, end: number): boolean {
  return vmas.some((v) => v.start < end && v.end > start);
}

/** mprotect_fixup(): the covered range gets the new protection (split, then merge). */
export function vmaSetProt(
  vmas: readonly Vma[],
  start: number,
  end: number,
  read: boolean,
  write: boolean,
): Vma[] {
  const out: Vma[] = [];
  for (const v of vmas) {
    if (v.end <= start || v.start >= end) {
      out.push(v);
      continue;
    }
    if (v.start < start) out.push({ ...v, end: start });
    out.push({ ...v, start: Math.max(v.start, start), end: Math.min(v.end, end), read, write });
    if (v.end > end) out.push({ ...v, start: end });
  }
  return normalise(out);
}
