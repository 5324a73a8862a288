/**
 * An HMM-vs-GMEM comparison's data: both library scenarios run, lined up beat by beat (not step
 * by step: the two frameworks need different steps for the same workload), and the driver code
 * paths counted. Pure, so the unit tests drive it as the page does.
 */
import type { ScenarioDoc } from '../../engine';
import type { Beat, GmemComparison } from '../../scenarios/comparisons';
import { validateScenario } from '../../scenarios/load';
import type { Timeline } from '../../views/timeline';
import { buildTimeline } from '../buildTimeline';
import { refusal } from './runs';

export type Framework = 'hmm' | 'gmem';
export const FRAMEWORKS: readonly Framework[] = ['hmm', 'gmem'];

export interface SideRun {
  readonly doc: ScenarioDoc | null;
  readonly timeline: Timeline;
  /** Why this side could not be run (missing scenario, loader refusal, engine error). */
  readonly problem?: string;
}

/** One place on the shared timeline: a micro-step of a beat, on the side with more of them. */
export interface GmemRow {
  /** The beat (-1: before the first). */
  readonly beat: number;
  readonly micro: number;
  readonly hmm: number | null;
  readonly gmem: number | null;
  /** The side shows a frame it already showed: it has fewer micro-steps in this beat. */
  readonly hmmHeld: boolean;
  readonly gmemHeld: boolean;
}

export interface PathCount {
  readonly hmm: number;
  readonly gmem: number;
}

export interface GmemComparisonRun {
  readonly hmm: SideRun;
  readonly gmem: SideRun;
  readonly rows: readonly GmemRow[];
  /** Row of each beat's first and last micro-step (the player's "ops" are the beats). */
  readonly beatStarts: readonly number[];
  readonly beatEnds: readonly number[];
}

const EMPTY: Timeline = { frames: [], opStarts: [] };

export function runSide(doc: ScenarioDoc | undefined, id: string): SideRun {
  if (doc === undefined)
    return { doc: null, timeline: EMPTY, problem: `No library scenario named ${id}.` };
  const checked = validateScenario(doc);
  if (!checked.ok) return { doc, timeline: EMPTY, problem: refusal(checked.errors) };
  try {
    return { doc: checked.doc, timeline: buildTimeline(checked.doc) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { doc, timeline: EMPTY, problem: `The engine could not run this scenario: ${why}` };
  }
}

/** The frame indices of some steps of a run, in order (a step's micro-steps, then the next's). */
export function framesOfSteps(t: Timeline, steps: readonly number[]): number[] {
  return steps.flatMap((s) => {
    const start = t.opStarts[s];
    if (start === undefined) return [];
    const end = t.opStarts[s + 1] ?? t.frames.length;
    return Array.from({ length: end - start }, (_, k) => start + k);
  });
}

/** Row 0 is both initial states; then each beat gets as many rows as its longer side. */
export function alignBeats(beats: readonly Beat[], hmm: Timeline, gmem: Timeline): GmemRow[] {
  if (hmm.frames.length === 0 && gmem.frames.length === 0) return [];
  const rows: GmemRow[] = [
    {
      beat: -1,
      micro: 0,
      hmm: hmm.frames.length > 0 ? 0 : null,
      gmem: gmem.frames.length > 0 ? 0 : null,
      hmmHeld: false,
      gmemHeld: false,
    },
  ];
  beats.forEach((b, i) => {
    const h = framesOfSteps(hmm, b.hmm);
    const g = framesOfSteps(gmem, b.gmem);
    const n = Math.max(h.length, g.length, 1);
    for (let k = 0; k < n; k++) {
      rows.push({
        beat: i,
        micro: k,
        hmm: h.length > 0 ? h[Math.min(k, h.length - 1)]! : null,
        gmem: g.length > 0 ? g[Math.min(k, g.length - 1)]! : null,
        hmmHeld: h.length > 0 && k >= h.length,
        gmemHeld: g.length > 0 && k >= g.length,
      });
    }
  });
  return rows;
}

export function runComparison(
  cmp: GmemComparison,
  library: readonly { id: string; doc: ScenarioDoc }[],
): GmemComparisonRun {
  const find = (id: string) => library.find((e) => e.id === id)?.doc;
  const hmm = runSide(find(cmp.hmm), cmp.hmm);
  const gmem = runSide(find(cmp.gmem), cmp.gmem);
  const rows = alignBeats(cmp.beats, hmm.timeline, gmem.timeline);
  const beatStarts = cmp.beats.map((_, i) => rows.findIndex((r) => r.beat === i));
  const beatEnds = cmp.beats.map((_, i) => rows.findLastIndex((r) => r.beat === i));
  return { hmm, gmem, rows, beatStarts, beatEnds };
}

/**
 * Driver code paths per beat, and so far: a path named in several beats (the invalidate
 * callback runs at every PTE change) counts once in the running total.
 */
export function pathCounts(beats: readonly Beat[]): { perBeat: PathCount[]; soFar: PathCount[] } {
  const seen = { hmm: new Set<string>(), gmem: new Set<string>() };
  const perBeat: PathCount[] = [];
  const soFar: PathCount[] = [];
  for (const b of beats) {
    perBeat.push({ hmm: b.driverPaths.hmm.length, gmem: b.driverPaths.gmem.length });
    for (const f of FRAMEWORKS) for (const p of b.driverPaths[f]) seen[f].add(p);
    soFar.push({ hmm: seen.hmm.size, gmem: seen.gmem.size });
  }
  return { perBeat, soFar };
}

/** Every distinct driver code path of one side, in first-use order. */
export const allPaths = (beats: readonly Beat[], side: Framework): string[] => [
  ...new Set(beats.flatMap((b) => b.driverPaths[side])),
];
