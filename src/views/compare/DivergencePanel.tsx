/**
 * Where the two kernels part: the first micro-step whose states differ, what differs there, and
 * the rule that explains it — a link to the invariant, the one thing a reader should go read.
 */
import type { StepOutline } from '../scenarioOutline';
import { stepLine } from './stepLine';
import type { CompareRow, Divergence } from './types';

/** Shown in full; the rest behind "N more", so a migration of 500 pages does not fill the page. */
const SHOWN = 4;

const SIDE = { left: 'left kernel', right: 'right kernel' } as const;

export function DivergencePanel({
  divergence,
  rows,
  steps,
  here,
  onJump,
  failed,
}: {
  divergence: Divergence | null;
  rows: readonly CompareRow[];
  steps: readonly StepOutline[];
  /** The shared position is at the divergence. */
  here: boolean;
  onJump: () => void;
  /** A pane's run could not be built: there is nothing to compare. */
  failed: boolean;
}) {
  if (!divergence) {
    return (
      <div className="compare-diverge" data-testid="compare-divergence" data-found="false">
        <p className="compare-diverge__title">
          {failed
            ? 'One of the runs could not be built, so there is nothing to compare.'
            : 'No difference: both kernels leave the same state after every micro-step of this scenario.'}
        </p>
      </div>
    );
  }
  const row = rows[divergence.row]!;
  const step = steps[row.step];
  const { entities, reason } = divergence;
  const item = (e: Divergence['entities'][number], i: number) => (
    <li key={i}>
      <strong>{e.label}</strong>: <span className="compare-diverge__left">{e.left}</span>{' '}
      <span aria-hidden="true">↔</span>
      <span className="visually-hidden"> versus </span>{' '}
      <span className="compare-diverge__right">{e.right}</span>
    </li>
  );
  return (
    <div
      className="compare-diverge"
      data-testid="compare-divergence"
      data-found="true"
      data-here={here || undefined}
    >
      <div className="compare-diverge__head">
        <p className="compare-diverge__title">
          <span className="compare-diverge__mark" aria-hidden="true">
            ◆
          </span>{' '}
          They part here:{' '}
          {row.step < 0 ? (
            'already in the initial state'
          ) : (
            <>
              step {row.step + 1}
              {step ? (
                <>
                  {' '}
                  (<code>{stepLine(step)}</code>)
                </>
              ) : null}
              , micro-step {row.micro + 1}
            </>
          )}
          {here ? <span className="compare-diverge__here"> — shown now</span> : null}
        </p>
        <button
          type="button"
          className="icon-button"
          data-testid="jump-to-difference"
          onClick={onJump}
          disabled={here}
        >
          Jump to first difference
        </button>
      </div>
      <ul className="compare-diverge__list" aria-label="What differs (left ↔ right)">
        {entities.slice(0, SHOWN).map(item)}
      </ul>
      {entities.length > SHOWN ? (
        <details className="compare-diverge__more">
          <summary>{entities.length - SHOWN} more differences</summary>
          <ul className="compare-diverge__list">
            {entities.slice(SHOWN).map((e, i) => item(e, i + SHOWN))}
          </ul>
        </details>
      ) : null}
      {reason ? (
        <p className="compare-diverge__why" data-testid="divergence-reason">
          Why:{' '}
          <a
            href={`#inv=${encodeURIComponent(reason.invariant)}`}
            data-testid="divergence-invariant"
          >
            {reason.invariant}
          </a>{' '}
          —{' '}
          {reason.source === 'fix'
            ? reason.text
            : `the ${SIDE[reason.side ?? 'left']} ${reason.source === 'outcome' ? 'breaks' : 'breaks the rule'}: ${reason.text}`}
          {reason.commit ? (
            <span className="compare-diverge__commit"> Fixed by “{reason.commit}”.</span>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
