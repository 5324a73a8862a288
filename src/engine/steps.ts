import type { DummyCounters } from './hmm2015/counters';
import type { KernelOutcome } from './types';
import type { GmCapName, GmMmuMode, GmRetName } from './gmem/types';

/**
 * Scenario steps (scenario-format.md v1) and their results, as the engine sees them.
 * src/scenarios/schema.ts validates documents into exactly these shapes.
 */

export type Prot = 'rw' | 'r' | 'none';

export interface RangeFields {
  readonly page: number;
  readonly count: number;
}

export type SupportedStep =
  | { readonly op: 'spawn'; readonly proc: string }
  | ({
      readonly op: 'mmap';
      readonly proc: string;
      readonly prot: Prot;
      readonly shared?: boolean;
      /** Extension (GMEM): MAP_PEER_SHARED. */
      readonly peer?: boolean;
    } & RangeFields)
  | ({ readonly op: 'munmap'; readonly proc: string } & RangeFields)
  | ({ readonly op: 'mprotect'; readonly proc: string; readonly prot: Prot } & RangeFields)
  | ({ readonly op: 'cpu.read'; readonly proc: string } & RangeFields)
  | ({
      readonly op: 'cpu.write';
      readonly proc: string;
      readonly value?: number;
      readonly values?: readonly number[];
    } & RangeFields)
  | { readonly op: 'exit'; readonly proc: string }
  | { readonly op: 'fork'; readonly proc: string; readonly child: string }
  | {
      readonly op: 'mirror.open';
      readonly proc: string;
      readonly device: string;
      readonly as: string;
    }
  | { readonly op: 'mirror.close'; readonly mirror: string }
  | ({ readonly op: 'dev.read'; readonly mirror: string } & RangeFields)
  | ({
      readonly op: 'dev.write';
      readonly mirror: string;
      readonly value?: number;
      readonly values?: readonly number[];
    } & RangeFields)
  | ({ readonly op: 'dev.migrate'; readonly mirror: string } & RangeFields)
  | ({ readonly op: 'dev.migrate-back'; readonly mirror: string } & RangeFields)
  | ({ readonly op: 'dev.snapshot'; readonly mirror: string } & RangeFields)
  | { readonly op: 'dev.release'; readonly device: string }
  | ({ readonly op: 'dev.exclusive'; readonly mirror: string } & RangeFields)
  | ({ readonly op: 'dev.check-exclusive'; readonly mirror: string } & RangeFields)
  | ({
      readonly op: 'gup.get';
      readonly proc: string;
      readonly write?: boolean;
      readonly as: string;
    } & RangeFields)
  | ({
      readonly op: 'gup.pin';
      readonly proc: string;
      readonly write?: boolean;
      readonly longterm?: boolean;
      readonly as: string;
    } & RangeFields)
  | { readonly op: 'gup.unpin'; readonly pin: string }
  /** Extension: madvise(MADV_PAGEOUT / MADV_COLD) over the range (src/engine/ops/madvise.ts). */
  | ({
      readonly op: 'madvise';
      readonly proc: string;
      readonly advice: 'PAGEOUT' | 'COLD';
    } & RangeFields)
  | RaceStep
  | GmStep;

/** GMEM's KPI (seed 003) as scenario ops (extension; src/engine/gmem/ops.ts). */
export type GmStep =
  | { readonly op: 'gm.dev-create'; readonly device: string; readonly cap?: readonly GmCapName[] }
  | { readonly op: 'gm.dev-destroy'; readonly device: string }
  | ({ readonly op: 'gm.dev-register-physmem'; readonly device: string } & RangeFields)
  | ({ readonly op: 'gm.as-create'; readonly as: string } & RangeFields)
  | { readonly op: 'gm.as-destroy'; readonly as: string }
  | {
      readonly op: 'gm.as-attach';
      readonly as: string;
      readonly device: string;
      readonly proc: string;
      readonly mode: GmMmuMode;
      readonly activate?: boolean;
    }
  | {
      readonly op: 'gm.dev-fault';
      readonly proc: string;
      readonly device: string;
      readonly page: number;
      readonly hint?: 'MARK_HOT';
    }
  | {
      readonly op: 'gm.mmu';
      readonly device: string;
      readonly peer_map?: GmRetName;
      readonly peer_unmap?: GmRetName;
      readonly pmap_create?: GmRetName;
    };

export const GM_OPS = [
  'gm.dev-create',
  'gm.dev-destroy',
  'gm.dev-register-physmem',
  'gm.as-create',
  'gm.as-destroy',
  'gm.as-attach',
  'gm.dev-fault',
  'gm.mmu',
] as const;

/** The ops a `race` thread may run (each one page for the CPU: one fault at a time). */
export const RACE_THREAD_OPS = [
  'cpu.read',
  'cpu.write',
  'munmap',
  'mprotect',
  'dev.read',
  'dev.write',
  'dev.snapshot',
  'dev.migrate-back',
  'dev.release',
] as const;
export type RaceThreadOp = (typeof RACE_THREAD_OPS)[number];

/**
 * `race` (extension): two or three threads run at once, their kernel phases interleaved in the
 * order `schedule` gives (thread indices, 0 = T1); past its end the threads run in index order.
 * Only the op machines can interleave (src/machines/ops/raceMachine.ts).
 */
export interface RaceStep {
  readonly op: 'race';
  readonly threads: readonly SupportedStep[];
  readonly schedule?: readonly number[];
}

/** Ops of the format that a later issue implements (none left: every v1 op runs). */
export const UNSUPPORTED_OPS: readonly string[] = [];

export type UnsupportedOp = string;

/** A step the engine accepts: a supported one, or any other op (answered with -ENOSYS). */
export type Step = SupportedStep | { readonly op: string; readonly [field: string]: unknown };

export type SupportedOp = SupportedStep['op'];

export const SUPPORTED_OPS: readonly SupportedOp[] = [
  'race',
  'spawn',
  'mmap',
  'munmap',
  'mprotect',
  'cpu.read',
  'cpu.write',
  'exit',
  'fork',
  'mirror.open',
  'mirror.close',
  'dev.read',
  'dev.write',
  'dev.migrate',
  'dev.migrate-back',
  'dev.snapshot',
  'dev.release',
  'dev.exclusive',
  'dev.check-exclusive',
  'gup.get',
  'gup.pin',
  'gup.unpin',
  'madvise',
  ...GM_OPS,
];

/** What one step returned (scenario-format.md "result fields"). */
export interface StepResult {
  readonly step: number;
  readonly op: string;
  readonly ret: number;
  readonly errno: string | null;
  readonly cpages?: number;
  readonly faults?: number;
  readonly data?: readonly number[];
  readonly prot?: readonly number[];
  readonly signal?: 'SIGSEGV' | 'SIGBUS';
  /** Extension: the page whose access raised `signal`. */
  readonly signalPage?: number;
  /** Extension: why the step could not run (unsupported op, unknown name...). */
  readonly error?: string;
  /** Extension: a buggy kernel broke in this step (crash, hang, use-after-free, livelock…). */
  readonly outcome?: KernelOutcome;
  /** Extension: the step did not run because the kernel had halted at an earlier step. */
  readonly notRun?: string;
  /** Extension: a `race` step's result of each thread, in thread order. */
  readonly threads?: readonly StepResult[];
  /** Extension: a `race` step's effective schedule: the thread of every phase that ran. */
  readonly turns?: readonly number[];
  /** Extension, 2015 API: the dummy driver ioctl's counters (struct hmm_dummy_read & co.). */
  readonly dummy?: DummyCounters;
  /** Extension, GMEM: the GM_RET_* name of `ret`, and the id or node id a KPI handed back. */
  readonly gm?: GmResult;
}

export interface GmResult {
  readonly ret: GmRetName;
  /** gm_dev_create: the device's id. */
  readonly id?: number;
  /** gm_dev_register_physmem: the hnode's node id. */
  readonly nid?: number;
}

/** The op-specific part of a result, as an op computes it. */
export type OpOutcome = Omit<StepResult, 'step' | 'op' | 'errno'>;

/** The per-page values of a write step (`value` repeated, or `values`). */
export function stepValues(s: {
  count: number;
  value?: number;
  values?: readonly number[];
}): number[] {
  if (s.values !== undefined) return s.values.slice(0, s.count);
  return new Array<number>(s.count).fill(s.value ?? 0);
}
