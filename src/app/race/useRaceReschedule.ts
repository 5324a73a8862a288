import { useCallback } from 'react';
import type { ScenarioDoc } from '../../engine';
import { type RaceView, withSchedule } from '../../views/race/interleavings';
import type { Timeline } from '../../views/timeline';
import { buildTimeline } from '../buildTimeline';
import { positionForTurn } from './positionForTurn';

export interface Rescheduled {
  /** The document with the race step's schedule replaced. */
  doc: ScenarioDoc;
  /** Its timeline, already built (the player may take it instead of building it again). */
  timeline: Timeline;
  /** Where to land: the first frame of the race step at the turn the student chose. */
  position: number;
}

/**
 * Replays the race with `schedule` and picks where to land: the current turn — or the first
 * turn at which the new run differs from the old one if that comes earlier (a named
 * interleaving may change the past), so the first thing the student sees is what changed.
 */
export function reschedule(
  doc: ScenarioDoc,
  race: RaceView,
  schedule: readonly number[],
): Rescheduled {
  const next = withSchedule(doc, race.step, schedule);
  const timeline = buildTimeline(next);
  const own = timeline.frames.filter((f) => f.step === race.step);
  const turns = own.at(-1)?.result?.turns ?? [];
  let turn = race.currentTurn;
  for (let i = 0; i < turn; i++) {
    if (turns[i] !== race.schedule[i]) {
      turn = i;
      break;
    }
  }
  return { doc: next, timeline, position: positionForTurn(timeline, race.step, turn) };
}

/**
 * For the interleaving control: `(schedule) => { doc, timeline, position }` for the race on
 * screen, or null while no race is (the panel is not shown then).
 */
export function useRaceReschedule(
  doc: ScenarioDoc | null,
  race: RaceView | null,
): (schedule: readonly number[]) => Rescheduled | null {
  return useCallback(
    (schedule) => (doc && race ? reschedule(doc, race, schedule) : null),
    [doc, race],
  );
}
