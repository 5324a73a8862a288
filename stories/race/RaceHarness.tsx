/**
 * The interleaving control wired as the app will wire it, for stories and screenshots: a
 * document, a timeline position, the panel; a reschedule rebuilds the timeline and lands where
 * src/app/race says. Not part of the app.
 */
import { useMemo, useState } from 'react';
import { buildTimeline } from '../../src/app/buildTimeline';
import { reschedule } from '../../src/app/race/useRaceReschedule';
import type { ScenarioDoc } from '../../src/engine';
import { raceAt } from '../../src/views/race/interleavings';
import { RacePanel } from '../../src/views/race/RacePanel';
import type { StepOutline } from '../../src/views/scenarioOutline';

export function RaceHarness({ doc: first, position }: { doc: ScenarioDoc; position: number }) {
  const [{ doc, at }, setState] = useState({ doc: first, at: position });
  const timeline = useMemo(() => buildTimeline(doc), [doc]);
  const race = raceAt(timeline.frames, at, doc.steps as readonly StepOutline[]);
  const recorded = (first.steps[race?.step ?? -1] as { schedule?: number[] } | undefined)?.schedule;
  if (!race) return <p>No race at position {at}.</p>;
  const step = (d: number) =>
    setState((s) => ({ ...s, at: Math.max(0, Math.min(timeline.frames.length - 1, s.at + d)) }));
  return (
    <div>
      <RacePanel
        race={race}
        recorded={recorded}
        onReschedule={(schedule) => {
          const r = reschedule(doc, race, schedule);
          setState({ doc: r.doc, at: r.position });
        }}
      />
      <p style={{ padding: '0 16px', fontSize: '0.8rem' }}>
        <button type="button" onClick={() => step(-1)}>
          ← micro-step
        </button>{' '}
        <button type="button" onClick={() => step(1)}>
          micro-step →
        </button>{' '}
        <span data-testid="harness-fn">{timeline.frames[at]?.microstep?.fn}</span>
      </p>
    </div>
  );
}
