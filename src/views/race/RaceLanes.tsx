import type { RaceView } from './raceView';

/** What each outcome is called on a chip (the narration's banner has the long form). */
const OUTCOME_SHORT: Record<string, string> = {
  crash: 'crash',
  hang: 'hang',
  'use-after-free': 'use-after-free',
  livelock: 'livelock',
  'lost-write': 'write lost',
};

/**
 * One lane per thread, its turns as chips in order. Every chip carries its turn number, so the
 * order across lanes reads without a grid (a grid of long kernel function names would not fit a
 * phone); turns still to come are shown too, outlined, so the student sees what the schedule
 * will do next.
 */
export function RaceLanes({ race }: { race: RaceView }) {
  const now = race.currentTurn;
  return (
    <ol className="race__lanes">
      {race.threads.map((t) => (
        <li
          key={t.index}
          className="race__lane"
          data-thread={t.index}
          data-finished={t.finished}
          data-testid={`race-lane-${t.name}`}
        >
          <p className="race__lane-head">
            <span className="race__thread">{t.name}</span>{' '}
            <code className="race__op">{t.label.slice(t.name.length + 1)}</code>
            {t.finished ? <span className="race__finished"> finished</span> : null}
          </p>
          <ol className="race__chips" aria-label={`${t.name}'s turns`}>
            {t.turns.map((i) => {
              const turn = race.turns[i]!;
              const when = i < now ? 'past' : i === now ? 'now' : 'next';
              return (
                <li
                  key={i}
                  className="race__chip"
                  data-when={when}
                  data-outcome={turn.outcome?.kind}
                  aria-current={when === 'now' ? 'step' : undefined}
                >
                  <span className="race__turn">
                    <span className="visually-hidden">turn </span>
                    {i + 1}
                  </span>{' '}
                  <code>{turn.fns.join(' · ')}</code>
                  {turn.outcome ? (
                    <span className="race__outcome"> {OUTCOME_SHORT[turn.outcome.kind]}</span>
                  ) : null}
                  {when === 'next' ? <span className="visually-hidden"> (to come)</span> : null}
                </li>
              );
            })}
          </ol>
        </li>
      ))}
    </ol>
  );
}
