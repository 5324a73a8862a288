/**
 * Micro-steps: what an op returns besides the next state. Each one mirrors one kernel function
 * (or one phase of it over a range) and lists exactly what it changed, so a view can highlight it.
 */
import type { KernelOutcome, World } from './types';

/** Page-table entries of one process that changed. */
export interface PteChange {
  readonly proc: string;
  readonly pages: readonly number[];
}

/** Device page-table entries (and possibly the notifier sequence) of one mirror that changed. */
export interface MirrorChange {
  readonly mirror: string;
  readonly pages: readonly number[];
  /** The mirror's mmu_interval_notifier sequence number moved (an invalidation ran). */
  readonly seq: boolean;
}

/** Everything a micro-step changed. Frames are global indices (see `frameLabel`). */
export interface Changes {
  readonly ptes: readonly PteChange[];
  readonly frames: readonly number[];
  /** Devices whose pgmap or free list changed; `"sys"` when the system RAM free list changed. */
  readonly devices: readonly string[];
  readonly mirrors: readonly MirrorChange[];
  /** Processes whose VMAs or liveness changed, or that were created. Also closed/opened mirrors. */
  readonly procs: readonly string[];
}

/** Data copied from one frame to another (copy_highpage and friends), for the copy animation. */
export interface FrameCopy {
  readonly from: number;
  readonly to: number;
}

/** One animation step. */
export interface MicroStep {
  /** The machine-layer phase this belongs to, e.g. `migrate_vma_setup.collect`. */
  readonly phase: string;
  /** The kernel function it mirrors, e.g. `migrate_vma_collect`. */
  readonly fn: string;
  /** The kernel file of `fn`. */
  readonly file: string;
  /** A source link for `fn`. */
  readonly src: string;
  /** One sentence for the student. */
  readonly narration: string;
  readonly changed: Changes;
  /** The state after this micro-step (structurally shared with its neighbours). */
  readonly world: World;
  /** How many kernel steps were merged into this one (1 = not coalesced). */
  readonly coalesced: number;
  /** Page contents this micro-step copied between frames, when it copied any. */
  readonly copies?: readonly FrameCopy[];
  /** A buggy kernel broke here (crash, hang, use-after-free, livelock, lost write permission). */
  readonly outcome?: KernelOutcome;
  /** In a `race` step: the thread (T1, T2, …) that ran this micro-step. */
  readonly thread?: string;
  /** In a `race` step: which turn of the effective schedule (result `turns`) ran it. */
  readonly turn?: number;
}

/** An invariant that failed (domain.md §3). */
export interface Violation {
  readonly id: string;
  /** The sentence that explains the rule to a student. */
  readonly message: string;
  /** What exactly was wrong. */
  readonly detail: string;
}

/** A violation located in a run. */
export interface LocatedViolation extends Violation {
  readonly step: number;
  readonly microstep: number;
}

export const NO_CHANGES: Changes = Object.freeze({
  ptes: [],
  frames: [],
  devices: [],
  mirrors: [],
  procs: [],
});

/** True if the change set is empty. */
export function isEmptyChanges(c: Changes): boolean {
  return (
    c.ptes.length === 0 &&
    c.frames.length === 0 &&
    c.devices.length === 0 &&
    c.mirrors.length === 0 &&
    c.procs.length === 0
  );
}
