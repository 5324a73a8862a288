/**
 * struct migrate_vma (include/linux/migrate.h), JSON-friendly. The same shape carries a
 * migrate_device_range() migration, which has no VMA (`proc` null).
 */
import type { Vma } from '../types';

export interface MigrateVma {
  /** The process whose VMA is migrated; null for migrate_device_range(). */
  readonly proc: string | null;
  readonly vma: Vma | null;
  /** Pages [start, end). For migrate_device_range, `start` is the device's first frame. */
  readonly start: number;
  readonly end: number;
  /** MIGRATE_VMA_SELECT_* bits. */
  readonly flags: number;
  /** pgmap_owner: device pages are selected only if their pgmap->owner is this. */
  readonly pgmapOwner: string | null;
  /** The device-private page whose CPU fault started this migration (migrate_to_ram). */
  readonly faultPage: number | null;
  /** Migrate pfns (see migratePfn.ts), one per page. */
  readonly src: readonly number[];
  readonly dst: readonly number[];
  readonly npages: number;
  readonly cpages: number;
}

/** What a driver passes to migrate_vma_setup(). */
export interface MigrateVmaArgs {
  readonly proc: string;
  readonly start: number;
  readonly end: number;
  readonly flags: number;
  readonly pgmapOwner: string | null;
  readonly faultPage: number | null;
}
