/**
 * Lines two runs of one scenario up for the compare view: lockstep by scenario step, then by
 * micro-step within the step. Two kernels may take a different number of micro-steps for the
 * same op (a buggy one stops early, a fixed one evicts first); the pane with fewer holds its
 * last frame, so each step starts at the same place on the shared timeline.
 */
import type { CompareRow, Divergence, DiffEntity } from '../../views/compare/types';
import type { Timeline } from '../../views/timeline';
import { diffWorlds } from './diffWorld';

/** Where each step's frames are in a timeline: [first frame, count]; step -1 is the start. */
function spans(t: Timeline, steps: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    const start = t.opStarts[i];
    if (start === undefined) {
      out.push([-1, 0]);
      continue;
    }
    const end = t.opStarts[i + 1] ?? t.frames.length;
    out.push([start, end - start]);
  }
  return out;
}

/** One row per micro-step of the longer side, per step, after the initial state. */
export function alignTimelines(left: Timeline, right: Timeline): CompareRow[] {
  const steps = Math.max(left.opStarts.length, right.opStarts.length);
  const rows: CompareRow[] = [];
  if (left.frames.length === 0 && right.frames.length === 0) return rows;
  rows.push({
    step: -1,
    micro: 0,
    left: left.frames.length > 0 ? 0 : null,
    right: right.frames.length > 0 ? 0 : null,
    leftHeld: false,
    rightHeld: false,
  });
  const ls = spans(left, steps);
  const rs = spans(right, steps);
  for (let i = 0; i < steps; i++) {
    const [la, ln] = ls[i]!;
    const [ra, rn] = rs[i]!;
    const n = Math.max(ln, rn, 1);
    for (let k = 0; k < n; k++) {
      rows.push({
        step: i,
        micro: k,
        left: ln > 0 ? la + Math.min(k, ln - 1) : null,
        right: rn > 0 ? ra + Math.min(k, rn - 1) : null,
        leftHeld: ln > 0 && k >= ln,
        rightHeld: rn > 0 && k >= rn,
      });
    }
  }
  return rows;
}

/** The row of each step's first micro-step (what Shift+←/→ move between). */
export const rowStarts = (rows: readonly CompareRow[]): number[] =>
  rows.flatMap((r, i) => (r.step >= 0 && r.micro === 0 ? [i] : []));

/**
 * The first row where the two states differ, and what differs there. A pane whose run could not
 * be built has no state to compare; the runs are then not said to part anywhere.
 */
export function firstDivergence(
  rows: readonly CompareRow[],
  left: Timeline,
  right: Timeline,
): Omit<Divergence, 'reason'> | null {
  let prev: [unknown, unknown] | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.left === null || r.right === null) continue;
    const a = left.frames[r.left]!.world;
    const b = right.frames[r.right]!.world;
    // A held frame against a frame already compared: nothing new to look at.
    if (prev && prev[0] === a && prev[1] === b) continue;
    prev = [a, b];
    const entities: DiffEntity[] = diffWorlds(a, b);
    if (entities.length > 0) return { row: i, entities };
  }
  return null;
}
