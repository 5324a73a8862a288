/**
 * The kernel configuration a world runs under: the extension point for kernel "eras" and bug
 * toggles (domain.md §0.3, §4). Every op reads it from the world, never from a global, so a later
 * issue can add ERA_A/ERA_B and the fix toggles without changing any op signature.
 *
 * Only the fixed kernel (ERA_C with every fix, i.e. mainline since v6.1) is implemented now; the
 * other values are reserved and rejected by {@link validateConfig}.
 */

/** Kernel eras of domain.md §0.3. */
export type Era = 'ERA_A_BIASED' | 'ERA_B_NOBIAS_BROKEN' | 'ERA_C_FIXED';

export interface EngineFixes {
  /** B1: do_swap_page takes a page reference (and the page lock) before migrate_to_ram. */
  readonly faultPageRef: boolean;
  /** B2: migrate_vma is told the fault_page, so the fault's own reference is expected. */
  readonly faultPagePlumb: boolean;
  /** B5: the driver evicts device memory (migrate_device_range) before memunmap_pages. */
  readonly evictOnRelease: boolean;
  /** B6: try_to_migrate_one keeps the write bit of device-private entries. */
  readonly tryToMigrateKeepsWrite: boolean;
}

export interface EngineConfig {
  readonly era: Era;
  readonly fixes: EngineFixes;
  /**
   * migrate_vma_check_page() adds one to the expected references of a ZONE_DEVICE folio, a
   * left-over of ERA_A (mm/migrate_device.c; domain.md Appendix B.2). True = as in mainline.
   */
  readonly zoneDeviceCheckSlack: boolean;
  /**
   * test_hmm.c's dmirror_fops_release() only removes the notifier in torvalds/linux; a later
   * linux-mm version also evicts the device's memory on close. False = torvalds/linux.
   */
  readonly closeEvictsDeviceMemory: boolean;
  /**
   * The retry budget of dmirror_range_fault() (the kernel uses a 1000 ms timeout,
   * HMM_RANGE_DEFAULT_TIMEOUT); after this many -EBUSY rounds the fault returns -EBUSY.
   */
  readonly rangeFaultRetryBudget: number;
  /** How many kernel calls of one op are shown as separate micro-steps before coalescing. */
  readonly detailBudget: number;
  /** Invariant checking after each micro-step: 'changed' (fast, local), 'full', or 'off'. */
  readonly invariantChecks: 'changed' | 'full' | 'off';
}

/** The fixed kernel: mainline with Alistair Popple's 2022 series and every later fix. */
export const DEFAULT_CONFIG: EngineConfig = Object.freeze({
  era: 'ERA_C_FIXED',
  fixes: Object.freeze({
    faultPageRef: true,
    faultPagePlumb: true,
    evictOnRelease: true,
    tryToMigrateKeepsWrite: true,
  }),
  zoneDeviceCheckSlack: true,
  closeEvictsDeviceMemory: false,
  rangeFaultRetryBudget: 16,
  detailBudget: 2,
  invariantChecks: 'changed',
});

/** Returns an error message if the config asks for something not implemented yet. */
export function validateConfig(config: EngineConfig): string | null {
  if (config.era !== 'ERA_C_FIXED') return `era ${config.era} is not supported yet`;
  const off = Object.entries(config.fixes).filter(([, on]) => !on);
  if (off.length > 0)
    return `bug toggles are not supported yet (${off.map(([k]) => k).join(', ')})`;
  return null;
}
