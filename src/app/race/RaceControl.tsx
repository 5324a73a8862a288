/**
 * The interleaving control on the player's narration while a `race` step is on stage: the race
 * as the timeline recorded it (raceAt) and its panel; a choice replays the race with the new
 * schedule and lands on the turn the student picked. Loaded only when a race is shown.
 */
import { useMemo } from 'react';
import type { RaceStep, ScenarioDoc } from '../../engine';
import { RacePanel } from '../../views/race/RacePanel';
import { raceAt } from '../../views/race/interleavings';
import type { StepOutline } from '../../views/scenarioOutline';
import type { Timeline } from '../../views/timeline';
import { type Rescheduled, reschedule } from './useRaceReschedule';

export interface RaceControlProps {
  doc: ScenarioDoc;
  timeline: Timeline;
  position: number;
  /** The scenario as it came (before the student changed the schedule), if it was changed. */
  original?: ScenarioDoc;
  onReschedule(next: Rescheduled): void;
}

export function RaceControl({ doc, timeline, position, original, onReschedule }: RaceControlProps) {
  const race = useMemo(
    () => raceAt(timeline.frames, position, doc.steps as readonly StepOutline[]),
    [timeline, position, doc],
  );
  if (race === null) return null;
  const step = (original ?? doc).steps[race.step];
  const recorded = step?.op === 'race' ? ((step as RaceStep).schedule ?? []) : undefined;
  return (
    <RacePanel
      race={race}
      recorded={recorded}
      onReschedule={(schedule) => onReschedule(reschedule(doc, race, schedule))}
    />
  );
}
