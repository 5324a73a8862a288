/**
 * Kernel choices as a reader makes them (an era, then fixes switched on or off) and as a
 * scenario stores them (`machine.kernel`: only what differs from the era's own fixes, and no key
 * at all for the fixed kernel, so a document for today's kernel stays as it was written).
 */
import {
  APIS,
  ERAS,
  FIX_FIELD,
  FIX_IDS,
  PIN_POLICIES,
  type EngineConfig,
  type Era,
  type FixId,
  type HmmApi,
  type KernelSpec,
  type PinPolicy,
  eraFixes,
  fixesOff,
  isFixedKernel,
  kernelConfig,
} from '../../engine/config';

/** The era and every fix, on or off: what a picker shows. */
export interface KernelChoice {
  readonly era: Era;
  readonly fixes: Readonly<Record<FixId, boolean>>;
  /** The long-term pinning policy for device-coherent memory (B10); default migrate_then_pin. */
  readonly pinPolicy?: PinPolicy;
  /** The HMM API generation; default today's. */
  readonly api?: HmmApi;
}

/** Every fix as the era shipped it. */
export function eraChoice(era: Era): KernelChoice {
  const on = eraFixes(era);
  return {
    era,
    fixes: Object.fromEntries(FIX_IDS.map((id) => [id, on[FIX_FIELD[id]]])) as Record<
      FixId,
      boolean
    >,
  };
}

export const FIXED_CHOICE: KernelChoice = eraChoice('ERA_C_FIXED');

/** Each HMM API generation as the pickers name it. */
export const API_LABEL: Readonly<Record<HmmApi, string>> = {
  today: 'Today: mmu_interval_notifier + hmm_range_fault',
  '2018': '2018: hmm_vma_get_pfns + hmm_vma_range_done (snapshots)',
  '2015': "2015: HMM's own mirror table, dummy driver (seed 000)",
};

/**
 * The 2015 API predates ZONE_DEVICE (2017): eras, fix toggles and pinning policies are about
 * later kernels, and the loader refuses them with it (scenarios/check2015.ts).
 */
export const apiHasEras = (api: HmmApi | undefined) => api !== '2015';

/** What an engine config (or a scenario's `machine.kernel`) amounts to. */
export function choiceOf(config: EngineConfig): KernelChoice {
  return {
    ...(config.pinPolicy !== 'migrate_then_pin' ? { pinPolicy: config.pinPolicy } : {}),
    ...(config.api !== 'today' ? { api: config.api } : {}),
    era: config.era,
    fixes: Object.fromEntries(FIX_IDS.map((id) => [id, config.fixes[FIX_FIELD[id]]])) as Record<
      FixId,
      boolean
    >,
  };
}

export const choiceOfSpec = (spec: KernelSpec | undefined): KernelChoice =>
  choiceOf(kernelConfig(spec));

/**
 * The `machine.kernel` to store for a choice: the era, and only the fixes that differ from the
 * era's; `undefined` for the fixed kernel, so the key is left out.
 */
export function specOf(choice: KernelChoice): KernelSpec | undefined {
  if (!apiHasEras(choice.api)) return { api: choice.api };
  const base = eraChoice(choice.era).fixes;
  const fixes: Partial<Record<FixId, boolean>> = {};
  for (const id of FIX_IDS) if (choice.fixes[id] !== base[id]) fixes[id] = choice.fixes[id];
  const changed = Object.keys(fixes).length > 0;
  const extra: { api?: HmmApi; coherentLongtermPinPolicy?: PinPolicy } = {};
  if (choice.api !== undefined && choice.api !== 'today') extra.api = choice.api;
  if (choice.pinPolicy !== undefined && choice.pinPolicy !== 'migrate_then_pin')
    extra.coherentLongtermPinPolicy = choice.pinPolicy;
  const hasExtra = Object.keys(extra).length > 0;
  if (choice.era === 'ERA_C_FIXED' && !changed && !hasExtra) return undefined;
  return { ...extra, era: choice.era, ...(changed ? { fixes } : {}) };
}

export const sameChoice = (a: KernelChoice, b: KernelChoice) =>
  // Two 2015 choices run the same kernel whatever era or fixes the pickers still remember.
  (a.api === '2015' && b.api === '2015') ||
  (a.era === b.era &&
    (a.api ?? 'today') === (b.api ?? 'today') &&
    (a.pinPolicy ?? 'migrate_then_pin') === (b.pinPolicy ?? 'migrate_then_pin') &&
    FIX_IDS.every((id) => a.fixes[id] === b.fixes[id]));

export const isFixedChoice = (c: KernelChoice) => sameChoice(c, FIXED_CHOICE);

/** `ERA_B_NOBIAS_BROKEN` → `ERA_B`: short enough for a chip. */
export const eraShort = (era: Era) => era.split('_').slice(0, 2).join('_');

/** One line for a kernel: `ERA_B · without FIX_FAULT_PAGE_REF`, or `fixed kernel`. */
export function kernelLine(config: EngineConfig): string {
  if (isFixedKernel(config)) return 'fixed kernel (ERA_C, every fix)';
  if (!apiHasEras(config.api)) return `${config.api} API (seed 000)`;
  const off = fixesOff(config);
  return [
    ...(config.api !== 'today' ? [`${config.api} API`] : []),
    eraShort(config.era),
    ...(off.length ? [`without ${off.join(', ')}`] : []),
    ...(config.pinPolicy !== 'migrate_then_pin' ? [`long-term pins: ${config.pinPolicy}`] : []),
  ].join(' · ');
}

/** The same line for a picker's choice. */
export const choiceLine = (c: KernelChoice) => kernelLine(kernelConfig(specOf(c)));

export { APIS, ERAS, FIX_IDS, PIN_POLICIES };
