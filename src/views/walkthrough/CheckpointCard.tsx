/**
 * A predict-then-reveal question: asked before the micro-step it is about (the stage shows the
 * state before), then, once answered, the verdict, the feedback for the misconception the answer
 * shows, the explanation and the kernel function — with the stage showing the state after.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Checkpoint, Correct, Given } from '../../scenarios/walkthroughs';
import { Markdown } from './Markdown';
import { entityLabel } from './entityLabel';

export interface CheckpointCardProps {
  checkpoint: Checkpoint;
  /** Where it stands: being asked, or answered (the record) and revealed. */
  phase: 'ask' | 'reveal';
  /** Click questions: what the student picked on the stage so far. */
  picked: readonly string[];
  onUnpick: (key: string) => void;
  onAnswer: (given: Given) => void;
  onReveal: () => void;
  onRetry: () => void;
  /** On reveal: the right answer, the student's record. */
  correct?: Correct;
  record?: { given: Given | null; correct: boolean; skipped: boolean; feedback: readonly string[] };
  fn?: string;
  src?: string;
  /** Presenter mode: the class answers aloud; "Reveal" is the main action. */
  presenter?: boolean;
  /** A stage key in words, as the stage labels it (default: entityLabel). */
  labelOf?: (key: string) => string;
}

function answerText(cp: Checkpoint, a: Given | Correct, labelOf: (key: string) => string): string {
  if (a.kind === 'number') return String(a.value);
  if (a.kind === 'choice')
    return cp.ask.kind === 'choice' ? (cp.ask.options[a.index]?.label ?? '?') : '?';
  return a.keys.length === 0 ? 'nothing' : a.keys.map(labelOf).join(', ');
}

export function CheckpointCard(p: CheckpointCardProps) {
  const cp = p.checkpoint;
  const labelOf = p.labelOf ?? entityLabel;
  const id = useId();
  const [num, setNum] = useState('');
  const [choice, setChoice] = useState<number | null>(null);
  const ask = cp.ask;
  const numValid = /^-?\d{1,9}$/.test(num.trim());
  // A question or its verdict comes into view when it appears (the panel may be scrolled to the
  // chapter's text); 'nearest' leaves it be when it is already in view.
  const box = useRef<HTMLElement>(null);
  const verdictRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
    // Check unmounts with the question: the keyboard's focus moves on to the verdict (only when
    // it was lost — stepping back onto a reveal keeps it on Back).
    const lost = !document.activeElement || document.activeElement === document.body;
    if (p.phase === 'reveal' && lost) verdictRef.current?.focus();
  }, [p.phase]);

  if (p.phase === 'reveal' && p.correct && p.record) {
    const r = p.record;
    const verdict = r.skipped ? 'Revealed' : r.correct ? 'Right' : 'Not quite';
    return (
      <section
        ref={box}
        className={`checkpoint checkpoint--reveal checkpoint--${r.skipped ? 'skipped' : r.correct ? 'right' : 'wrong'}`}
        aria-labelledby={`${id}-v`}
        data-testid="checkpoint-reveal"
      >
        <p className="checkpoint__kicker">Predict, then reveal</p>
        <p className="checkpoint__prompt">{cp.prompt}</p>
        <h3 id={`${id}-v`} className="checkpoint__verdict" ref={verdictRef} tabIndex={-1}>
          {verdict}
        </h3>
        {r.given && !r.correct ? (
          <p className="checkpoint__given">
            You answered <strong>{answerText(cp, r.given, labelOf)}</strong>.
          </p>
        ) : null}
        {r.feedback.map((f) => (
          <div key={f} className="checkpoint__feedback" data-testid="checkpoint-feedback">
            <Markdown text={f} />
          </div>
        ))}
        <p className="checkpoint__answer">
          The engine’s state says:{' '}
          <strong data-testid="checkpoint-answer">{answerText(cp, p.correct, labelOf)}</strong>
        </p>
        <div className="checkpoint__explain">
          <Markdown text={cp.explain} />
        </div>
        {p.fn ? (
          <p className="checkpoint__fn">
            Kernel function:{' '}
            {p.src ? (
              <a href={p.src} target="_blank" rel="noopener noreferrer">
                <code>{p.fn}</code>
              </a>
            ) : (
              <code>{p.fn}</code>
            )}
          </p>
        ) : null}
        {!r.correct ? (
          <button type="button" className="walk-button" onClick={p.onRetry}>
            Try again
          </button>
        ) : null}
      </section>
    );
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (ask.kind === 'number' && numValid)
      p.onAnswer({ kind: 'number', value: Number(num.trim()) });
    else if (ask.kind === 'choice' && choice !== null)
      p.onAnswer({ kind: 'choice', index: choice });
    else if (ask.kind === 'click') p.onAnswer({ kind: 'click', keys: [...p.picked] });
  };
  const ready =
    ask.kind === 'number'
      ? numValid
      : ask.kind === 'choice'
        ? choice !== null
        : p.picked.length > 0;

  return (
    <form
      ref={box as React.RefObject<HTMLFormElement>}
      className="checkpoint checkpoint--ask"
      onSubmit={submit}
      aria-labelledby={`${id}-q`}
      data-testid="checkpoint"
    >
      <p className="checkpoint__kicker">Predict, then reveal</p>
      <h3 id={`${id}-q`} className="checkpoint__prompt">
        {cp.prompt}
      </h3>
      {ask.kind === 'number' ? (
        <label className="checkpoint__number">
          <span>Your answer</span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={num}
            onChange={(e) => setNum(e.target.value)}
            aria-invalid={num !== '' && !numValid}
            data-testid="checkpoint-number"
          />
        </label>
      ) : ask.kind === 'choice' ? (
        <fieldset className="checkpoint__choices">
          <legend className="visually-hidden">{cp.prompt}</legend>
          {ask.options.map((o, i) => (
            <label key={i} className="checkpoint__choice">
              <input
                type="radio"
                name={`${id}-c`}
                checked={choice === i}
                onChange={() => setChoice(i)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="checkpoint__click">
          <p className="checkpoint__hint">
            Click {p.presenter ? 'them' : 'your answer'} on the stage (or Tab to the stage, ↑/↓,
            Enter). Click again to take one back.
          </p>
          <ul className="checkpoint__picked" aria-label="Picked on the stage" aria-live="polite">
            {p.picked.length === 0 ? (
              <li className="checkpoint__none">Nothing picked yet</li>
            ) : null}
            {p.picked.map((k) => (
              <li key={k}>
                {labelOf(k)}{' '}
                <button
                  type="button"
                  className="walk-link"
                  onClick={() => p.onUnpick(k)}
                  aria-label={`Take back ${labelOf(k)}`}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="checkpoint__actions">
        <button
          type="submit"
          className="walk-button walk-button--primary"
          disabled={!ready}
          data-testid="checkpoint-check"
        >
          Check
        </button>
        <button
          type="button"
          className="walk-button"
          onClick={p.onReveal}
          data-testid="checkpoint-show"
        >
          {p.presenter ? 'Reveal' : 'Show me'}
        </button>
      </div>
    </form>
  );
}
