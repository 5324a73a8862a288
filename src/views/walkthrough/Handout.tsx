/**
 * A printable handout of a walkthrough for students: per chapter its title, the stage at the
 * chapter's last micro-step, its text and its questions with room for answers. No answers:
 * they are computed and revealed in the app. One chapter per printed page.
 */
import { useEffect, useId } from 'react';
import { resolvePos, type Checkpoint, type WalkthroughDoc } from '../../scenarios/walkthroughs';
import { positionText } from '../export/caption';
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import { StageView } from '../stage/StageView';
import type { TimelineFrame } from '../timeline';
import { Markdown } from './Markdown';
import './Handout.css';

/** CSS pixels of a printed line: A4 (210 mm) or Letter (8.5 in) less 18 mm margins each side. */
export const PAPER_WIDTH = 640;

export interface HandoutProps {
  doc: WalkthroughDoc;
  frames: readonly TimelineFrame[];
  extent: StageExtent;
  layout: StageLayout;
  onBack: () => void;
}

/** What to do with a question on paper, by its kind; never the answer. */
function Question({ cp }: { cp: Checkpoint }) {
  const ask = cp.ask;
  return (
    <li className="handout__question">
      <Markdown text={cp.prompt} className="handout__prompt" />
      {ask.kind === 'choice' ? (
        <ul className="handout__options">
          {ask.options.map((o, i) => (
            <li key={i}>
              <span className="handout__box" aria-hidden="true" /> {o.label}
            </li>
          ))}
        </ul>
      ) : ask.kind === 'click' ? (
        <p className="handout__how">Mark them on the picture above.</p>
      ) : null}
      <div className="handout__lines" aria-hidden="true">
        <span />
        <span />
        {ask.kind === 'choice' ? null : <span />}
      </div>
    </li>
  );
}

export function Handout({ doc, frames, extent, layout, onBack }: HandoutProps) {
  const id = useId();
  // Print rules that hide the app around the handout apply only while it is mounted.
  useEffect(() => {
    document.body.classList.add('handout-open');
    return () => document.body.classList.remove('handout-open');
  }, []);
  const scale = Math.min(1, PAPER_WIDTH / Math.max(1, layout.width));

  return (
    <article className="handout" aria-labelledby={`${id}-title`}>
      <div className="handout__toolbar" role="toolbar" aria-label="Handout">
        <button type="button" onClick={() => window.print()}>
          Print handout
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
      <header className="handout__head">
        <h1 id={`${id}-title`}>{doc.title}</h1>
        <Markdown text={doc.summary} />
        <p className="handout__note">Answers are revealed in the app.</p>
      </header>
      {doc.chapters.map((ch, c) => {
        const cps = ch.checkpoints ?? [];
        // The state a student predicts from: where the chapter's first question is asked (the
        // frame before its micro-step), or the chapter's end when it asks nothing — never a
        // state that shows an answer.
        const firstAsk = cps.length > 0 ? resolvePos(frames, cps[0]!.at) : null;
        const at = firstAsk !== null ? firstAsk - 1 : resolvePos(frames, ch.to);
        const frame = at === null ? undefined : frames[at];
        const when = firstAsk !== null ? 'Before the first question' : 'At the end of the chapter';
        return (
          <section key={c} className="handout__chapter" aria-labelledby={`${id}-ch${c}`}>
            <h2 id={`${id}-ch${c}`}>
              <span className="handout__number">Chapter {c + 1}</span> {ch.title}
            </h2>
            {frame ? (
              <figure className="handout__stage">
                <StageView
                  extent={extent}
                  layout={layout}
                  world={frame.world}
                  changed={frame.microstep?.changed ?? null}
                  previous={frames[at! - 1]?.world ?? null}
                  window={null}
                  scale={scale}
                />
                <figcaption>
                  {when}: {positionText(frame)}.
                </figcaption>
              </figure>
            ) : null}
            <Markdown text={ch.text} className="handout__text" />
            {cps.length > 0 ? (
              <>
                <h3>Questions</h3>
                <ol className="handout__questions">
                  {cps.map((cp) => (
                    <Question key={cp.id} cp={cp} />
                  ))}
                </ol>
              </>
            ) : null}
          </section>
        );
      })}
    </article>
  );
}
