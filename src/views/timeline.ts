/**
 * What the timeline plays: one frame per micro-step of a scenario, each with the whole state it
 * leaves behind (structurally shared), so stepping back shows the recorded state, never an undo.
 */
import type { LocatedViolation, MicroStep, StepResult, World } from '../engine';

export interface TimelineFrame {
  /** Index of the scenario step this frame belongs to; -1 for the initial state. */
  step: number;
  /** Index of the micro-step within its step. */
  micro: number;
  world: World;
  /** The micro-step that produced this frame (null for the initial state). */
  microstep: MicroStep | null;
  /** The op's result, on the last frame of each step. */
  result: StepResult | null;
  /** Invariants that failed at this micro-step. */
  violations: LocatedViolation[];
}

export interface Timeline {
  frames: TimelineFrame[];
  /** Frame index of each step's first frame, in step order (for Shift+←/→ by op). */
  opStarts: number[];
}
