/**
 * A walkthrough on screen: the stage at the current micro-step on one side; on the other the
 * chapter (its text, the micro-step's narration, the question when one is due) and the
 * controls. Presenter mode is the same page in large type and high contrast, with the focus
 * entities pointed at and the speaker notes below (or in a second window).
 */
import { useMemo } from 'react';
import type { Changes } from '../../engine';
import type { Given, WalkthroughDoc } from '../../scenarios/walkthroughs';
import {
  awaitingCheckpoints,
  pendingCheckpoints,
  revealedCheckpoints,
  type ChapterPlan,
  type Session,
} from '../../scenarios/walkthroughs/session';
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import type { Mark } from '../stage/StageRows';
import { StagePanel } from '../stage/StagePanel';
import { Stage } from '../Stage';
import type { TimelineFrame } from '../timeline';
import { CheckpointCard } from './CheckpointCard';
import { Markdown } from './Markdown';
import { MicroStepLine } from './MicroStepLine';
import { WalkthroughBar } from './WalkthroughBar';
import './Walkthrough.css';

export interface WalkthroughViewProps {
  doc: WalkthroughDoc;
  plan: readonly ChapterPlan[];
  frames: readonly TimelineFrame[];
  extent: StageExtent;
  layout: StageLayout;
  session: Session;
  /** Click questions: the keys picked on the stage. */
  picked: readonly string[];
  /** Stage keys of the chapter's focus entities (the presenter's pointer). */
  focus: readonly string[];
  presenter: boolean;
  /** Speaker notes below the panel (presenter mode without a second window). */
  notesBelow: boolean;
  labelOf: (key: string) => string;
  onNext: () => void;
  onPrev: () => void;
  onChapter: (chapter: number) => void;
  onAnswer: (id: string, given: Given) => void;
  onReveal: (id: string) => void;
  onRetry: (id: string) => void;
  onPick: (key: string) => void;
  /** The bar's actions (present, notes, handout, share, back) are the page's. */
  actions: React.ReactNode;
  /** Shown instead of the panel when the walkthrough is over. */
  summary: React.ReactNode;
  notes: React.ReactNode;
}

/** The stage's marks: the focus, the picks of an open click question, a revealed click answer. */
function stageMarks(
  plan: readonly ChapterPlan[],
  s: Session,
  focus: readonly string[],
  picked: readonly string[],
): Map<string, Mark> {
  const m = new Map<string, Mark>();
  for (const k of focus) m.set(k, 'focus');
  if (pendingCheckpoints(plan, s).some((c) => c.def.ask.kind === 'click'))
    for (const k of picked) m.set(k, 'picked');
  for (const c of revealedCheckpoints(plan, s)) {
    const record = s.answers[c.def.id];
    if (c.prep.correct.kind !== 'click' || !record) continue;
    const right = c.prep.correct.keys;
    for (const k of right) m.set(k, 'answer');
    if (record.given?.kind === 'click')
      for (const k of record.given.keys) if (!right.includes(k)) m.set(k, 'missed');
  }
  return m;
}

export function WalkthroughView(p: WalkthroughViewProps) {
  const { plan, session: s, frames } = p;
  const ch = plan[s.chapter]!;
  const frame = frames[s.position] ?? frames[0]!;
  const pending = pendingCheckpoints(plan, s);
  const revealed = revealedCheckpoints(plan, s);
  const awaiting = awaitingCheckpoints(plan, s);
  const clickQuestion = pending.some((c) => c.def.ask.kind === 'click');

  const { focus, picked } = p;
  const marks = useMemo(() => stageMarks(plan, s, focus, picked), [plan, s, focus, picked]);

  const stepInChapter = s.position - ch.from;
  const stepsInChapter = ch.to - ch.from;
  const atEnd = s.chapter === plan.length - 1 && s.position === ch.to;

  return (
    <main className={`walk${p.presenter ? ' walk--present' : ''}`} data-testid="walkthrough">
      <WalkthroughBar
        title={p.doc.title}
        chapters={plan.map((c) => c.chapter.title)}
        chapter={s.chapter}
        done={s.done}
        onChapter={p.onChapter}
        actions={p.actions}
      />
      {s.done ? (
        p.summary
      ) : (
        <div className="walk__body">
          <Stage title={p.doc.title}>
            <StagePanel
              extent={p.extent}
              layout={p.layout}
              world={frame.world}
              changed={(frame.microstep?.changed as Changes | undefined) ?? null}
              previous={frames[s.position - 1]?.world ?? null}
              microstep={frame.microstep ?? null}
              marks={marks}
              onPick={clickQuestion ? p.onPick : null}
            />
          </Stage>
          <aside className="walk__panel" aria-label={`Chapter ${s.chapter + 1}`}>
            <h2 className="walk__chapter" data-testid="walk-chapter-title">
              <span className="walk__chapter-n">Chapter {s.chapter + 1}</span> {ch.chapter.title}
            </h2>
            <div className="walk__text">
              <Markdown text={ch.chapter.text} />
            </div>
            <MicroStepLine frame={frame} index={stepInChapter} count={stepsInChapter} />
            {awaiting.map((c) => (
              <p
                key={`wait-${c.def.id}`}
                className="checkpoint-waiting"
                data-testid="checkpoint-waiting"
              >
                Your prediction for “{c.def.prompt}” is in: it is revealed when this step ends.
              </p>
            ))}
            {pending.map((c) => (
              <CheckpointCard
                key={`ask-${c.def.id}`}
                checkpoint={c.def}
                phase="ask"
                picked={p.picked}
                onUnpick={p.onPick}
                onAnswer={(g) => p.onAnswer(c.def.id, g)}
                onReveal={() => p.onReveal(c.def.id)}
                onRetry={() => undefined}
                presenter={p.presenter}
                labelOf={p.labelOf}
              />
            ))}
            {pending.length === 0
              ? revealed.map((c) => (
                  <CheckpointCard
                    key={`reveal-${c.def.id}`}
                    checkpoint={c.def}
                    phase="reveal"
                    picked={[]}
                    onUnpick={() => undefined}
                    onAnswer={() => undefined}
                    onReveal={() => undefined}
                    onRetry={() => p.onRetry(c.def.id)}
                    correct={c.prep.correct}
                    record={s.answers[c.def.id]}
                    fn={c.prep.fn}
                    src={c.prep.src}
                    presenter={p.presenter}
                    labelOf={p.labelOf}
                  />
                ))
              : null}
            <nav className="walk__nav" aria-label="Walkthrough steps">
              <button
                type="button"
                className="walk-button"
                onClick={p.onPrev}
                disabled={s.chapter === 0 && s.position === ch.from}
                data-testid="walk-prev"
              >
                ← Back
              </button>
              <span className="walk__count" aria-live="polite">
                {stepInChapter} / {stepsInChapter}
              </span>
              <button
                type="button"
                className="walk-button walk-button--primary"
                onClick={p.onNext}
                disabled={pending.length > 0}
                title={
                  pending.length > 0 ? 'Answer the question (or reveal it) to go on' : undefined
                }
                data-testid="walk-next"
              >
                {atEnd ? 'Finish' : s.position === ch.to ? 'Next chapter →' : 'Next →'}
              </button>
            </nav>
            {p.notesBelow ? p.notes : null}
          </aside>
        </div>
      )}
    </main>
  );
}
