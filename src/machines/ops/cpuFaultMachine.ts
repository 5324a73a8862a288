/**
 * A CPU load or store that hits a device-private entry: mm/memory.c do_swap_page() →
 * pgmap->ops->migrate_to_ram() = lib/test_hmm.c dmirror_devmem_fault() (domain.md §2.8, the
 * fixed flow), the engine's doSwapPage() phase (mm/doSwapPage.ts) phase by phase.
 *
 * do_swap_page locks the page and takes a reference (the B1 fix) → migrate_vma_setup with
 * fault_page = that page (the B2 fix), as collect and unmap → dmirror_devmem_fault_alloc_and_copy
 * (a system page; the mirror's entry erased) → migrate_vma_pages → migrate_vma_finalize →
 * do_swap_page unlocks and drops its reference, usually the last one (page_free). If setup fails
 * the fault ends in VM_FAULT_SIGBUS; if no system page can be allocated, in VM_FAULT_OOM — both
 * a SIGBUS for the process in the engine's cpu.read/cpu.write.
 *
 * Scenario steps cpu.read/cpu.write run whole through applyStep() (the engine exposes no
 * per-access phases); this machine is the single-page fault for the app, stories and tests. Its
 * output has the shape of the engine's doSwapPage() PhaseResult.
 */
import { and, assign, setup } from 'xstate';
import {
  dmirrorDevmemFaultAllocAndCopy,
  doSwapPageLock,
  doSwapPageUnlock,
  migrateToRamArgs,
  migrateVmaCollectPhase,
  migrateVmaFinalize,
  migrateVmaPages,
  applyStep,
  staleFaultPage,
  type ApplyResult,
  type FaultOutcome,
  type Step,
  type MigrateVma,
  type PhaseResult,
  type SwapLock,
  type World,
} from '../../engine/index';
import { type PhaseLog, appendApplied, runIn, startLog } from '../phaseLog';
import { theMig, unmap } from './migrateChunks';

export interface CpuFaultInput {
  readonly world: World;
  readonly proc: string;
  readonly page: number;
  /**
   * In a race (raceMachine): the cpu.read/cpu.write step the fault serves; after the fault the
   * access is retried with applyStep (it loads or stores, or faults again whole).
   */
  readonly access?: Step;
  readonly index?: number;
}

export interface CpuFaultContext extends PhaseLog {
  readonly index: number;
  readonly op: string;
  readonly outcome: null;
  readonly proc: string;
  readonly page: number;
  readonly lock: SwapLock | null;
  /** The rpage->zone_device_data mirror whose device entry the copy erases. */
  readonly mirror: string | null;
  readonly setupRet: number;
  readonly mig: MigrateVma | null;
  /** System-page allocations that failed in the copy (→ VM_FAULT_OOM). */
  readonly allocFailed: number;
  readonly fault: FaultOutcome;
  readonly access: Step | null;
  /** The retried access's result (races only). */
  readonly accessed: ApplyResult | null;
}

export type CpuFaultOutput = PhaseResult<FaultOutcome> & { readonly signal?: 'SIGBUS' };

const lockedFrame = (c: CpuFaultContext): number => {
  if (c.lock?.kind !== 'locked' && c.lock?.kind !== 'unreferenced')
    throw new Error('do_swap_page holds no page');
  return c.lock.frame;
};

export const cpuFaultMachine = setup({
  types: {
    context: {} as CpuFaultContext,
    events: {} as { type: 'op.step' } | { type: 'op.world'; world: World },
    input: {} as CpuFaultInput,
    output: {} as CpuFaultOutput,
  },
  guards: {
    nothingToMigrate: ({ context }) =>
      context.lock?.kind !== 'locked' && context.lock?.kind !== 'unreferenced',
    setupFailed: ({ context }) => context.setupRet !== 0,
    halted: ({ context }) => context.world.halted !== null,
    hasAccess: ({ context }) => context.access !== null && context.world.halted === null,
    resolved: ({ context }) => context.fault === 'done',
  },
  actions: {
    adoptWorld: assign(({ event }) => (event.type === 'op.world' ? { world: event.world } : {})),
    doSwapPageLock: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => doSwapPageLock(w, c.proc, c.page));
      return {
        ...log,
        lock: value,
        ...(value.kind === 'crashed' ? { fault: 'halted' as const } : {}),
      };
    }),
    migrateVmaCollect: assign(({ context: c }) => {
      // Before the B1 fix the page may have been freed since do_swap_page looked it up.
      const stale = runIn(c, (w) => staleFaultPage(w, lockedFrame(c)));
      if (stale.value) return { ...stale.log, fault: 'halted' as const };
      const ram = migrateToRamArgs(c.world, c.proc, c.page, lockedFrame(c));
      if (ram === null) return { setupRet: -1 };
      const { log, value } = runIn(c, (w) => migrateVmaCollectPhase(w, ram.args));
      return { ...log, mirror: ram.mirror, setupRet: value.ret, mig: value.mig };
    }),
    migrateVmaUnmap: assign(({ context }) => unmap(context)),
    allocAndCopy: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) =>
        dmirrorDevmemFaultAllocAndCopy(w, theMig(c), c.mirror),
      );
      return { ...log, mig: value.mig, allocFailed: value.failed };
    }),
    migrateVmaPages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => migrateVmaPages(w, theMig(c)));
      return { ...log, mig: value };
    }),
    migrateVmaFinalize: assign(({ context: c }) => ({
      ...runIn(c, (w) => migrateVmaFinalize(w, theMig(c))).log,
      fault: c.allocFailed > 0 ? ('oom' as const) : ('done' as const),
    })),
    sigbus: assign({ fault: 'sigbus' as const }),
    doSwapPageUnlock: assign(
      ({ context: c }) =>
        runIn(c, (w) => doSwapPageUnlock(w, lockedFrame(c), c.lock?.kind === 'locked')).log,
    ),
    retryAccess: assign(({ context: c }) => {
      if (c.access === null) return {};
      const r = applyStep(c.world, c.access, c.index);
      return { ...appendApplied(c, r), accessed: r };
    }),
  },
}).createMachine({
  id: 'cpuFault',
  on: { 'op.world': { actions: 'adoptWorld' } },
  context: ({ input }) => ({
    ...startLog(input.world),
    index: input.index ?? 0,
    access: input.access ?? null,
    accessed: null,
    op: 'cpu.fault',
    outcome: null,
    proc: input.proc,
    page: input.page,
    lock: null,
    mirror: null,
    setupRet: 0,
    mig: null,
    allocFailed: 0,
    fault: 'done',
  }),
  initial: 'doSwapPage',
  states: {
    /** mm/memory.c do_swap_page(): pte_same, trylock_page + get_page under the PTE lock. */
    doSwapPage: {
      entry: 'doSwapPageLock',
      on: {
        'op.step': [
          // Not a device-private entry any more, or the page is locked: the CPU just retries.
          { guard: 'halted', target: 'done' },
          { guard: and(['nothingToMigrate', 'hasAccess']), target: 'access' },
          { guard: 'nothingToMigrate', target: 'done' },
          { target: 'migrateVmaCollect' },
        ],
      },
    },
    /** dmirror_devmem_fault() → migrate_vma_setup(fault_page): checks + migrate_vma_collect(). */
    migrateVmaCollect: {
      entry: 'migrateVmaCollect',
      on: {
        'op.step': [
          { guard: 'halted', target: 'done' },
          { guard: 'setupFailed', target: 'doSwapPageUnlock', actions: 'sigbus' },
          { target: 'migrateVmaUnmap' },
        ],
      },
    },
    /** mm/migrate_device.c migrate_vma_unmap(): the fault page's extra reference is expected. */
    migrateVmaUnmap: {
      entry: 'migrateVmaUnmap',
      on: { 'op.step': 'dmirrorDevmemFaultAllocAndCopy' },
    },
    /** lib/test_hmm.c dmirror_devmem_fault_alloc_and_copy(). */
    dmirrorDevmemFaultAllocAndCopy: {
      entry: 'allocAndCopy',
      on: { 'op.step': 'migrateVmaPages' },
    },
    /** mm/migrate_device.c migrate_vma_pages(). */
    migrateVmaPages: {
      entry: 'migrateVmaPages',
      on: { 'op.step': 'migrateVmaFinalize' },
    },
    /** mm/migrate_device.c migrate_vma_finalize(). */
    migrateVmaFinalize: {
      entry: 'migrateVmaFinalize',
      on: { 'op.step': 'doSwapPageUnlock' },
    },
    /** mm/memory.c do_swap_page(): unlock_page + put_page (→ page_free if it was the last). */
    doSwapPageUnlock: {
      entry: 'doSwapPageUnlock',
      on: {
        'op.step': [
          { guard: and(['resolved', 'hasAccess']), target: 'access' },
          { guard: 'resolved', target: 'done' },
          { target: 'failed' },
        ],
      },
    },
    /** The CPU retries its load or store (a race thread only): the engine's cpu.read/write. */
    access: {
      entry: 'retryAccess',
      on: { 'op.step': 'done' },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context: c }) => ({
    world: c.world,
    value: c.fault,
    microsteps: c.microsteps,
    violations: c.violations,
    // A halted kernel sends no signal: the machine died under the process.
    ...(c.fault === 'done' || c.fault === 'halted' ? {} : { signal: 'SIGBUS' as const }),
  }),
});

export type CpuFaultMachine = typeof cpuFaultMachine;
