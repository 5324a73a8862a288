/** The micro-step on stage in a walkthrough: where it is in the chapter, its kernel function, its narration. */
import type { TimelineFrame } from '../timeline';

export function MicroStepLine({
  frame,
  index,
  count,
}: {
  frame: TimelineFrame;
  index: number;
  count: number;
}) {
  const ms = frame.microstep;
  return (
    <div className="walk__micro" aria-live="polite" data-testid="walk-micro">
      <p className="walk__micro-head">
        {index === 0 ? 'Where the chapter starts' : `Micro-step ${index} of ${count}`}
        {ms ? (
          <>
            {' · '}
            <a href={ms.src} target="_blank" rel="noopener noreferrer">
              <code>{ms.fn}</code>
            </a>
          </>
        ) : null}
      </p>
      {ms ? (
        <p className="walk__micro-text">{ms.narration}</p>
      ) : (
        <p className="walk__micro-text">The machine before the first step.</p>
      )}
      {frame.violations.length > 0 ? (
        <p className="walk__micro-violation">
          Invariant broken: {frame.violations.map((v) => v.id).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
