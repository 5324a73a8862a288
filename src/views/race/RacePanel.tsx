import { Fragment, useId, useState } from 'react';
import { formatSchedule, namedInterleavings, rescheduleAt, sameSchedule } from './interleavings';
import { RaceLanes } from './RaceLanes';
import type { RaceView } from './raceView';
import './RacePanel.css';

export interface RacePanelProps {
  race: RaceView;
  /** Replay the race with this schedule (the app rebuilds the timeline and lands on it). */
  onReschedule(schedule: number[]): void;
  /**
   * The schedule the scenario came with, for "As recorded" once the student has changed it;
   * by default the one on stage.
   */
  recorded?: readonly number[];
}

interface Asked {
  turn: number;
  thread: number;
}

/** Why a thread cannot be chosen for the current turn, or null if it can. */
function refusal(race: RaceView, k: number): string | null {
  const t = race.threads[k]!;
  if (t.finished) return `${t.name} has finished`;
  if (race.schedule[race.currentTurn] === k) return `${t.name} runs this turn`;
  if (t.waitsFor) return `${t.name} waits for ${t.waitsFor}`;
  return null;
}

/**
 * The interleaving control: who ran each turn of a race, and a way to replay it with another
 * schedule — "Run T2 next" from the turn on screen, or one of the named interleavings. The
 * schedule is also spelled out ("T1 T2 T2 …") for a teacher to read out, and a change of it is
 * announced politely.
 */
export function RacePanel({ race, onReschedule, recorded }: RacePanelProps) {
  const id = useId();
  const named = namedInterleavings(race, recorded);
  const onStage = named.findIndex((n) => race.written && sameSchedule(n.schedule, race.written));
  // By name, not index: the list changes with the run. null = the one on stage, or else the
  // recorded one (always listed): after a change, the way back is one click away.
  const [choice, setChoice] = useState<string | null>(null);
  const selected =
    named.find((n) => n.name === choice) ?? named[onStage] ?? named.find((n) => n.recorded)!;
  const [asked, setAsked] = useState<Asked | null>(null);
  const [status, setStatus] = useState('');
  // Announce only a change of the run (a new schedule), not every step through it: adjusting
  // state while rendering, as React recommends over an effect.
  // The written schedule is part of it: a choice the kernel could not honour changes no turn.
  const key = `${race.step}:${race.schedule.join()}:${race.written?.join() ?? ''}`;
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setAsked(null);
    setChoice(null);
    const ran = asked ? race.schedule[asked.turn] : undefined;
    const text = formatSchedule(race.schedule);
    setStatus(
      asked && ran !== asked.thread
        ? `T${asked.thread + 1} could not run at turn ${asked.turn + 1}` +
            `${ran === undefined ? '' : `; T${ran + 1} ran instead`}. Schedule: ${text}.`
        : `Interleaving changed: ${text}.`,
    );
  }

  const now = race.currentTurn;
  const runner = race.threads[race.schedule[now] ?? 0]!;
  const hints = race.threads.map((_, k) => refusal(race, k)).filter((x) => x !== null);
  const run = (k: number) => {
    setAsked({ turn: now, thread: k });
    onReschedule(rescheduleAt(race, now, k));
  };

  return (
    <section className="race" aria-labelledby={`${id}-h`} data-testid="race-panel">
      <header className="race__head">
        <h3 id={`${id}-h`}>Interleaving</h3>
        <p className="race__where">
          Turn {now + 1} of {race.schedule.length}: <strong>{runner.name}</strong>
        </p>
      </header>
      <RaceLanes race={race} />
      <p className="race__schedule">
        Schedule:{' '}
        <code data-testid="race-schedule">
          {race.schedule.map((k, i) => (
            // The space stays outside the span, so the current turn's mark is the name alone.
            <Fragment key={i}>
              {i > 0 ? ' ' : ''}
              <span data-now={i === now || undefined}>T{k + 1}</span>
            </Fragment>
          ))}
        </code>
      </p>
      <div className="race__choose" role="group" aria-labelledby={`${id}-run`}>
        <p id={`${id}-run`} className="race__label">
          Replay from turn {now + 1} with
        </p>
        <div className="race__buttons">
          {race.threads.map((t) => (
            <button
              key={t.index}
              type="button"
              className="icon-button"
              disabled={refusal(race, t.index) !== null}
              aria-describedby={`${id}-hint`}
              onClick={() => run(t.index)}
            >
              Run {t.name} next
            </button>
          ))}
        </div>
        <p id={`${id}-hint`} className="race__hint">
          {hints.length > 0 ? `${hints.join('; ')}.` : ''}
        </p>
      </div>
      <form
        className="race__named"
        onSubmit={(e) => {
          e.preventDefault();
          onReschedule([...selected.schedule]);
        }}
      >
        <label htmlFor={`${id}-named`} className="race__label">
          Try an interleaving
        </label>
        <div className="race__named-row">
          <select
            id={`${id}-named`}
            value={selected.name}
            onChange={(e) => setChoice(e.target.value)}
          >
            {named.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name}
              </option>
            ))}
          </select>
          <button type="submit" className="icon-button" data-variant="primary">
            Replay
          </button>
        </div>
      </form>
      <p className="race__status" role="status" aria-live="polite" data-testid="race-status">
        {status}
      </p>
    </section>
  );
}
