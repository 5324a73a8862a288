/**
 * The end of a walkthrough: the score, and each question with how it went — right first time,
 * right after another try, wrong, revealed, or not reached — with a way back to each one.
 */
import type { Checkpoint } from '../../scenarios/walkthroughs';

export interface SummaryRow {
  chapter: number;
  chapterTitle: string;
  checkpoint: Checkpoint;
  status: 'first-try' | 'right' | 'wrong' | 'revealed' | 'open';
}

const STATUS: Record<SummaryRow['status'], string> = {
  'first-try': 'Right first time',
  right: 'Right after another try',
  wrong: 'Wrong',
  revealed: 'Revealed without an answer',
  open: 'Not answered',
};

export function WalkthroughSummary({
  title,
  rows,
  onOpen,
  onRestart,
  onBackToList,
}: {
  title: string;
  rows: readonly SummaryRow[];
  onOpen: (checkpointId: string) => void;
  onRestart: () => void;
  onBackToList: () => void;
}) {
  const right = rows.filter((r) => r.status === 'first-try' || r.status === 'right').length;
  const first = rows.filter((r) => r.status === 'first-try').length;
  return (
    <section
      className="walk-summary"
      aria-labelledby="walk-summary-title"
      data-testid="walk-summary"
    >
      <h2 id="walk-summary-title" tabIndex={-1}>
        {title}: done
      </h2>
      <p className="walk-summary__score" data-testid="walk-score">
        {right} of {rows.length} questions right ({first} the first time).
      </p>
      <ol className="walk-summary__list">
        {rows.map((r) => (
          <li
            key={r.checkpoint.id}
            className={`walk-summary__item walk-summary__item--${r.status}`}
          >
            <span className="walk-summary__status">{STATUS[r.status]}</span>
            <span className="walk-summary__q">
              Chapter {r.chapter + 1}, {r.chapterTitle}: {r.checkpoint.prompt}
            </span>
            {r.status === 'wrong' || r.status === 'revealed' || r.status === 'open' ? (
              <button type="button" className="walk-link" onClick={() => onOpen(r.checkpoint.id)}>
                Go back to it
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="walk-summary__actions">
        <button type="button" className="walk-button" onClick={onRestart}>
          Start again
        </button>
        <button type="button" className="walk-button" onClick={onBackToList}>
          Other walkthroughs
        </button>
      </div>
    </section>
  );
}
