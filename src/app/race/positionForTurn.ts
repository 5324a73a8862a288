import type { Timeline } from '../../views/timeline';

/**
 * The timeline position of the first frame of turn `turn` of the race at step `stepIndex`, so
 * that after a reschedule the student lands where the chosen thread starts to run. If the new
 * run has fewer turns (a thread finished sooner, or the kernel halted), its last frame of that
 * step; if the step has no frame at all, its start.
 */
export function positionForTurn(timeline: Timeline, stepIndex: number, turn: number): number {
  const { frames } = timeline;
  let last = -1;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.step !== stepIndex) continue;
    if (f.microstep?.turn === turn) return i;
    last = i;
  }
  if (last >= 0) return last;
  return timeline.opStarts[stepIndex] ?? 0;
}
