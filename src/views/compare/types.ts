/**
 * What the compare view is handed: the two runs lined up row by row, and where they part. The
 * app works these out (src/app/compare); the views only draw them.
 */
import type { World } from '../../engine';
import type { TimelineFrame } from '../timeline';

export type Side = 'left' | 'right';

/** One place on the shared timeline: a micro-step of a step, in each pane. */
export interface CompareRow {
  /** The scenario step (-1: before the first step). */
  readonly step: number;
  /** The micro-step within the step, on the longer side. */
  readonly micro: number;
  /** Each pane's frame index; a pane with fewer micro-steps holds its last one. */
  readonly left: number | null;
  readonly right: number | null;
  /** The pane shows a frame it already showed (it has fewer micro-steps in this step). */
  readonly leftHeld: boolean;
  readonly rightHeld: boolean;
}

/** One thing the two states disagree on, with what each side holds. */
export interface DiffEntity {
  readonly kind: 'pte' | 'frame' | 'device' | 'mirror' | 'kernel';
  /** What it is: `A · page 3`, `dev0:1`, `gpu0 seq`. */
  readonly label: string;
  readonly left: string;
  readonly right: string;
}

/** Why the runs part: a rule broken (a violation or an outcome), or the fix that differs. */
export interface DivergenceReason {
  readonly invariant: string;
  /** `outcome`: a pane's kernel broke; `violation`: an invariant check failed; `fix`: a toggle. */
  readonly source: 'outcome' | 'violation' | 'fix';
  /** Which pane showed it (for outcome and violation). */
  readonly side?: Side;
  /** One line: the outcome's or violation's message, or the fix's label and what it prevents. */
  readonly text: string;
  /** The fix's commit subject, when the reason is a toggle. */
  readonly commit?: string;
}

export interface Divergence {
  /** The first row whose states differ. */
  readonly row: number;
  readonly entities: readonly DiffEntity[];
  readonly reason: DivergenceReason | null;
}

/** A pane's frame at a row (null when its run could not be built). */
export interface PaneFrame {
  readonly frame: TimelineFrame | null;
  /** The state before it (what its micro-step changed from), if any. */
  readonly previous?: World | null;
  readonly held: boolean;
  /** How many micro-steps this pane's run has in the row's step. */
  readonly microCount: number;
}
