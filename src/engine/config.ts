/**
 * The kernel configuration a world runs under: the kernel "era" and the per-bug fix toggles of
 * domain.md §0.3 and §4. Every op reads it from the world, never from a global. A scenario picks
 * its kernel with `machine.kernel` (docs/scenario-format.md, "The kernel"); the fixed kernel —
 * ERA_C with every fix, mainline since v6.1 — is the default.
 */

/** Kernel eras of domain.md §0.3 (device page refcount and pgmap reference rules). */
export type Era = 'ERA_A_BIASED' | 'ERA_B_NOBIAS_BROKEN' | 'ERA_C_FIXED';

export const ERAS: readonly Era[] = ['ERA_A_BIASED', 'ERA_B_NOBIAS_BROKEN', 'ERA_C_FIXED'];

export interface EngineFixes {
  /** B1: do_swap_page takes a page reference (and the page lock) before migrate_to_ram. */
  readonly faultPageRef: boolean;
  /** B2: migrate_vma is told the fault_page, so the fault's own reference is expected. */
  readonly faultPagePlumb: boolean;
  /** B5: the driver evicts device memory (migrate_device_range) before memunmap_pages. */
  readonly evictOnRelease: boolean;
  /** B6: try_to_migrate_one keeps the write bit of device-private entries. */
  readonly tryToMigrateKeepsWrite: boolean;
  /** S2: the driver checks mmu_interval_read_retry() under its lock before programming. */
  readonly mirrorReadRetry: boolean;
  /** B7: try_to_migrate() accepts device-coherent pages (not only device-private ones). */
  readonly tryToMigrateCoherent: boolean;
  /** B9: GUP-fast applies the long-term pinning rules (bails out to the slow path). */
  readonly gupFastLongterm: boolean;
  /** B11: migrate_vma_collect_pmd selects the zero pfn only with MIGRATE_VMA_SELECT_SYSTEM. */
  readonly zeroPfnSelectSystem: boolean;
  /** B8: LRU users of vm_normal_page() (madvise COLD/PAGEOUT…) skip ZONE_DEVICE pages. */
  readonly vmNormalPageNonLru: boolean;
}

/** The scenario-facing names of the toggles (domain.md §0.3), in display order. */
export const FIX_IDS = [
  'FIX_FAULT_PAGE_REF',
  'FIX_FAULT_PAGE_PLUMB',
  'FIX_EVICT_ON_RELEASE',
  'FIX_TRY_TO_MIGRATE_KEEPS_WRITE',
  'FIX_MIRROR_READ_RETRY',
  'FIX_TRY_TO_MIGRATE_COHERENT',
  'FIX_GUP_FAST_LONGTERM',
  'FIX_ZERO_PFN_SELECT_SYSTEM',
  'FIX_VM_NORMAL_PAGE_NONLRU',
] as const;
export type FixId = (typeof FIX_IDS)[number];

export const FIX_FIELD: Readonly<Record<FixId, keyof EngineFixes>> = {
  FIX_FAULT_PAGE_REF: 'faultPageRef',
  FIX_FAULT_PAGE_PLUMB: 'faultPagePlumb',
  FIX_EVICT_ON_RELEASE: 'evictOnRelease',
  FIX_TRY_TO_MIGRATE_KEEPS_WRITE: 'tryToMigrateKeepsWrite',
  FIX_MIRROR_READ_RETRY: 'mirrorReadRetry',
  FIX_TRY_TO_MIGRATE_COHERENT: 'tryToMigrateCoherent',
  FIX_GUP_FAST_LONGTERM: 'gupFastLongterm',
  FIX_ZERO_PFN_SELECT_SYSTEM: 'zeroPfnSelectSystem',
  FIX_VM_NORMAL_PAGE_NONLRU: 'vmNormalPageNonLru',
};

/**
 * COHERENT_LONGTERM_PIN_POLICY (domain.md §4 B10), the three designs reviewed in 2021-22 for a
 * FOLL_LONGTERM pin of device-coherent memory: pin it anyway (`allow`: the page can never be
 * evicted again), refuse (`fail_EFAULT`, v3/v4), or migrate it to system memory and pin that
 * (`migrate_then_pin`, merged).
 */
export const PIN_POLICIES = ['allow', 'fail_EFAULT', 'migrate_then_pin'] as const;
export type PinPolicy = (typeof PIN_POLICIES)[number];

/**
 * The HMM API generation the driver is written against: today's (mmu_interval_notifier +
 * hmm_range_fault), 2018's (hmm_mirror + hmm_vma_get_pfns / hmm_vma_range_done, seed 001) or
 * 2015's (HMM's own mirror page table and the dummy driver's fake device memory, seed 000).
 */
export const APIS = ['today', '2018', '2015'] as const;
export type HmmApi = (typeof APIS)[number];

/** `machine.kernel` of a scenario: an era and fix toggles that differ from the era's own. */
export interface KernelSpec {
  readonly api?: HmmApi;
  readonly era?: Era;
  readonly fixes?: Partial<Record<FixId, boolean>>;
  readonly coherentLongtermPinPolicy?: PinPolicy;
  /**
   * Extension: the kernel is built with CONFIG_GMEM (the 2023 RFC, seed 003) and booted with
   * `gmem=on` (true) or without it (false). Absent: no GMEM at all.
   */
  readonly gmem?: boolean;
}

export interface EngineConfig {
  readonly era: Era;
  readonly fixes: EngineFixes;
  readonly pinPolicy: PinPolicy;
  readonly api: HmmApi;
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

const ALL_FIXED: EngineFixes = Object.freeze({
  faultPageRef: true,
  faultPagePlumb: true,
  evictOnRelease: true,
  tryToMigrateKeepsWrite: true,
  mirrorReadRetry: true,
  tryToMigrateCoherent: true,
  gupFastLongterm: true,
  // B11 and B8 were review bugs of the device-coherent series (2022), fixed before it was
  // merged (v6.0): on in every era, off only by the toggle.
  zeroPfnSelectSystem: true,
  vmNormalPageNonLru: true,
});

/** The fixed kernel: mainline with Alistair Popple's 2022 series and every later fix. */
export const DEFAULT_CONFIG: EngineConfig = Object.freeze({
  era: 'ERA_C_FIXED',
  fixes: ALL_FIXED,
  pinPolicy: 'migrate_then_pin',
  api: 'today',
  zoneDeviceCheckSlack: true,
  closeEvictsDeviceMemory: false,
  rangeFaultRetryBudget: 16,
  detailBudget: 2,
  invariantChecks: 'changed',
});

/**
 * The fixes an era shipped with. Before Alistair Popple's 2022 series ("Fix several device
 * private page reference counting issues", 002:L1841) do_swap_page took no page reference
 * (patch 1/8, with the fault_page plumbing) and no driver evicted its memory on release (7/8,
 * 8/8 for test_hmm). The 2021 try_to_migrate fix and the driver's retry check are independent.
 */
export function eraFixes(era: Era): EngineFixes {
  if (era === 'ERA_C_FIXED') return ALL_FIXED;
  return { ...ALL_FIXED, faultPageRef: false, faultPagePlumb: false, evictOnRelease: false };
}

/** The engine config for a scenario's `machine.kernel` on top of `base` (tuning knobs). */
export function kernelConfig(
  spec: KernelSpec | undefined,
  base: EngineConfig = DEFAULT_CONFIG,
): EngineConfig {
  if (spec === undefined || Object.values(spec).every((x) => x === undefined)) return base;
  const era = spec.era ?? 'ERA_C_FIXED';
  const fixes: { -readonly [K in keyof EngineFixes]: boolean } = { ...eraFixes(era) };
  for (const id of FIX_IDS) {
    const on = spec.fixes?.[id];
    if (on !== undefined) fixes[FIX_FIELD[id]] = on;
  }
  return {
    ...base,
    era,
    fixes,
    pinPolicy: spec.coherentLongtermPinPolicy ?? 'migrate_then_pin',
    api: spec.api ?? 'today',
  };
}

/** True if the config is the fixed kernel (every fix on, ERA_C). */
export function isFixedKernel(config: EngineConfig): boolean {
  return (
    config.era === 'ERA_C_FIXED' &&
    config.pinPolicy === 'migrate_then_pin' &&
    config.api === 'today' &&
    Object.values(config.fixes).every((on) => on)
  );
}

/** The toggles of `config` that are off, by scenario name. */
export function fixesOff(config: EngineConfig): FixId[] {
  return FIX_IDS.filter((id) => !config.fixes[FIX_FIELD[id]]);
}

/** Returns an error message if the config asks for something the engine cannot run. */
export function validateConfig(config: EngineConfig): string | null {
  if (!ERAS.includes(config.era)) return `unknown kernel era ${String(config.era)}`;
  if (!PIN_POLICIES.includes(config.pinPolicy))
    return `unknown long-term pin policy ${String(config.pinPolicy)}`;
  return null;
}
