/** The errno values the engine returns (negated, as the kernel returns them). */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EBADF: 9,
  /** Internal: check_and_migrate_movable_pages asks GUP to start again. */
  EAGAIN: 11,
  ENOMEM: 12,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  ENOSYS: 38,
  /** make_device_exclusive() on a page that is not anonymous (shmem). */
  EOPNOTSUPP: 95,
} as const;

export type ErrnoName = keyof typeof ERRNO;

const NAMES: ReadonlyMap<number, ErrnoName> = new Map(
  Object.entries(ERRNO).map(([name, value]) => [value, name as ErrnoName]),
);

/** The name of a negative return value (`-14` → `"EFAULT"`), or null for 0 / unknown. */
export function errnoName(ret: number): ErrnoName | null {
  return ret < 0 ? (NAMES.get(-ret) ?? null) : null;
}

/** `-ERRNO[name]`. */
export function err(name: ErrnoName): number {
  return -ERRNO[name];
}
