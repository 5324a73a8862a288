/**
 * The "migrate pfn" encoding of struct migrate_vma's src/dst arrays (include/linux/migrate.h):
 * `migrate_pfn(pfn) = (pfn << MIGRATE_PFN_SHIFT) | MIGRATE_PFN_VALID`, plus flag bits. The model
 * stores global frame indices where the kernel stores pfns. 0 means "nothing".
 */

export const MIGRATE_PFN_VALID = 1 << 0;
export const MIGRATE_PFN_MIGRATE = 1 << 1;
export const MIGRATE_PFN_WRITE = 1 << 3;
export const MIGRATE_PFN_SHIFT = 6;

/** migrate_vma_direction selection flags (MIGRATE_VMA_SELECT_*). */
export const MIGRATE_VMA_SELECT_SYSTEM = 1 << 0;
export const MIGRATE_VMA_SELECT_DEVICE_PRIVATE = 1 << 1;
export const MIGRATE_VMA_SELECT_DEVICE_COHERENT = 1 << 2;

/** migrate_pfn(): a valid entry for `frame`. */
export function migratePfn(frame: number): number {
  return frame * (1 << MIGRATE_PFN_SHIFT) + MIGRATE_PFN_VALID;
}

/** migrate_pfn_to_page(): the frame of a VALID entry, else null. */
export function migratePfnToFrame(mpfn: number): number | null {
  if ((mpfn & MIGRATE_PFN_VALID) === 0) return null;
  return Math.floor(mpfn / (1 << MIGRATE_PFN_SHIFT));
}

export function hasFlag(mpfn: number, flag: number): boolean {
  return (mpfn & flag) !== 0;
}

/** Clears `flag` (flags live in the low bits, so this stays exact for large frames). */
export function clearFlag(mpfn: number, flag: number): number {
  return (mpfn & flag) !== 0 ? mpfn - flag : mpfn;
}

/** Human-readable selection flags. */
export function selectNames(flags: number): string {
  const names: string[] = [];
  if (flags & MIGRATE_VMA_SELECT_SYSTEM) names.push('SELECT_SYSTEM');
  if (flags & MIGRATE_VMA_SELECT_DEVICE_PRIVATE) names.push('SELECT_DEVICE_PRIVATE');
  if (flags & MIGRATE_VMA_SELECT_DEVICE_COHERENT) names.push('SELECT_DEVICE_COHERENT');
  return names.join(' | ') || '0';
}
