/**
 * What the presenter reads and the room does not see: the chapter's notes, the micro-step's
 * narration in full, the open question WITH its answer (the projected screen keeps it hidden
 * until it is revealed), what comes next, and the keys.
 */
import type { Chapter, Checkpoint, Correct } from '../../scenarios/walkthroughs';
import type { TimelineFrame } from '../timeline';
import { Markdown } from './Markdown';

function answerOf(cp: Checkpoint, c: Correct, labelOf: (k: string) => string): string {
  if (c.kind === 'number') return String(c.value);
  if (c.kind === 'choice')
    return cp.ask.kind === 'choice' ? (cp.ask.options[c.index]?.label ?? '') : '';
  return c.keys.map(labelOf).join(', ');
}

export function PresenterNotes({
  chapter,
  chapterIndex,
  chapters,
  frame,
  pending,
  nextTitle,
  labelOf,
}: {
  chapter: Chapter;
  chapterIndex: number;
  chapters: number;
  frame: TimelineFrame | null;
  pending: { checkpoint: Checkpoint; correct: Correct } | null;
  nextTitle: string | null;
  labelOf: (key: string) => string;
}) {
  return (
    <section className="presenter-notes" aria-label="Speaker notes" data-testid="presenter-notes">
      <h2 className="presenter-notes__title">
        Notes · chapter {chapterIndex + 1} of {chapters}: {chapter.title}
      </h2>
      {chapter.notes ? (
        <Markdown text={chapter.notes} />
      ) : (
        <p className="presenter-notes__none">No notes for this chapter.</p>
      )}
      {frame?.microstep ? (
        <p className="presenter-notes__narration">
          <code>{frame.microstep.fn}</code> — {frame.microstep.narration}
        </p>
      ) : null}
      {pending ? (
        <p className="presenter-notes__answer" data-testid="presenter-answer">
          Question open: {pending.checkpoint.prompt}{' '}
          <strong>Answer: {answerOf(pending.checkpoint, pending.correct, labelOf)}</strong> (hidden
          on the stage until you reveal it).
        </p>
      ) : null}
      <p className="presenter-notes__next">
        {nextTitle ? `Next chapter: ${nextTitle}` : 'Last chapter.'}
      </p>
      <p className="presenter-notes__keys">
        PageDown / → next (at a question: reveal) · PageUp / ← back · Shift+PageDown chapter · N
        notes · L pointer · F full screen · Esc leave
      </p>
    </section>
  );
}
