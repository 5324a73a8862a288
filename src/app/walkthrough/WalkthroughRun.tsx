/**
 * One walkthrough being followed: the session (chapter, micro-step, answers) saved on this
 * device as it changes, the keys and the clicker, and presenter mode (full screen, large type,
 * speaker notes below or in a second window, the pointer on the chapter's focus).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStageGeometry } from '../../views/stage/useStageGeometry';
import { frameLabel } from '../../engine/world';
import type { ScenarioDoc } from '../../engine/trace';
import { entityKey, type Given, type WalkthroughDoc } from '../../scenarios/walkthroughs';
import * as S from '../../scenarios/walkthroughs/session';
import type { Timeline } from '../../views/timeline';
import { entityLabel } from '../../views/walkthrough/entityLabel';
import { LaserPointer } from '../../views/walkthrough/LaserPointer';
import { PresenterNotes } from '../../views/walkthrough/PresenterNotes';
import { WalkthroughActions } from '../../views/walkthrough/WalkthroughActions';
import { WalkthroughSummary } from '../../views/walkthrough/WalkthroughSummary';
import { WalkthroughView } from '../../views/walkthrough/WalkthroughView';
import { LEARN_HASH } from '../../scenarios/walkthroughs/route';
import { NotesWindow, openNotesWindow } from './NotesWindow';
import { clearProgress, loadProgress, saveProgress } from './progress';
import { summaryRows } from './summaryRows';
import { usePresenterKeys } from './usePresenterKeys';
import { useShareLink } from './useShareLink';

export interface WalkthroughRunProps {
  id: string;
  doc: WalkthroughDoc;
  scenario: ScenarioDoc;
  timeline: Timeline;
  plan: readonly S.ChapterPlan[];
  presenterAtStart: boolean;
  shared: boolean;
  onBack: () => void;
}

export function WalkthroughRun(p: WalkthroughRunProps) {
  const { plan, timeline } = p;
  const frames = timeline.frames;
  const [session, setSession] = useState<S.Session>(
    () => loadProgress(p.id, plan) ?? S.startSession(plan),
  );
  const [picked, setPicked] = useState<string[]>([]);
  const [presenter, setPresenter] = useState(p.presenterAtStart);
  const [notesBelow, setNotesBelow] = useState(true);
  const [notesRoot, setNotesRoot] = useState<HTMLElement | null>(null);
  const [notice, setNotice] = useState('');
  const [laser, setLaser] = useState(false);
  useEffect(() => saveProgress(p.id, session), [p.id, session]);

  const { extent, layout } = useStageGeometry(frames);

  const update = useCallback((f: (s: S.Session) => S.Session) => {
    setSession((s) => f(s));
    setPicked([]);
  }, []);
  const pending = S.pendingCheckpoints(plan, session)[0] ?? null;
  const next = useCallback(() => update((s) => S.next(plan, s)), [plan, update]);
  const prev = useCallback(() => update((s) => S.prev(plan, s)), [plan, update]);
  const chapter = useCallback(
    (c: number) => update((s) => S.goChapter(plan, s, c)),
    [plan, update],
  );
  const answer = (id: string, g: Given) => update((s) => S.answer(plan, frames, s, id, g));
  const reveal = useCallback((id: string) => update((s) => S.reveal(plan, s, id)), [plan, update]);
  const retry = (id: string) => update((s) => S.retry(plan, s, id));
  const pick = (key: string) =>
    setPicked((ks) => (ks.includes(key) ? ks.filter((k) => k !== key) : [...ks, key]));

  const world = frames[session.position]?.world ?? frames[0]!.world;
  const labelOf = useCallback(
    (key: string) => {
      const [kind, n] = key.split(':');
      return kind === 'frame' && n !== undefined
        ? `frame ${frameLabel(world, Number(n))}`
        : entityLabel(key);
    },
    [world],
  );
  const ch = plan[session.chapter]!;
  const focus = useMemo(() => {
    const m = { before: frames[Math.max(0, session.position - 1)]!.world, after: world };
    return (ch.chapter.focus ?? []).flatMap((e) => entityKey(m, e) ?? []);
  }, [ch, frames, session.position, world]);

  // Full screen needs a click or a key (a link opening presenter mode cannot ask for it).
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const enterPresenter = () => {
    setPresenter(true);
    if (!document.fullscreenElement) toggleFullscreen();
  };
  const leavePresenter = () => {
    setPresenter(false);
    setLaser(false);
    setNotesRoot(null);
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
  };
  usePresenterKeys({
    presenter,
    next: () => (presenter && pending ? reveal(pending.def.id) : next()),
    prev,
    chapter: (d) => chapter(Math.min(plan.length - 1, Math.max(0, session.chapter + d))),
    toggleNotes: () => setNotesBelow((b) => !b),
    toggleLaser: () => setLaser((l) => !l),
    toggleFullscreen,
    leave: leavePresenter,
  });
  const closeNotes = useCallback(() => setNotesRoot(null), []);
  const toggleNotesWindow = () => {
    if (notesRoot) return closeNotes();
    const root = openNotesWindow();
    if (root) {
      setNotesRoot(root);
      setNotice('');
    } else
      setNotice(
        'The browser blocked the notes window: allow pop-ups here, or read the notes below (N).',
      );
  };
  const share = useShareLink(p.id, p.doc, p.scenario, p.shared);

  const notes = (
    <PresenterNotes
      chapter={ch.chapter}
      chapterIndex={session.chapter}
      chapters={plan.length}
      frame={frames[session.position] ?? null}
      pending={pending ? { checkpoint: pending.def, correct: pending.prep.correct } : null}
      nextTitle={plan[session.chapter + 1]?.chapter.title ?? null}
      labelOf={labelOf}
    />
  );

  return (
    <>
      <WalkthroughView
        doc={p.doc}
        plan={plan}
        frames={frames}
        extent={extent}
        layout={layout}
        session={session}
        picked={picked}
        focus={focus}
        presenter={presenter}
        notesBelow={presenter && notesBelow && !notesRoot}
        labelOf={labelOf}
        onNext={next}
        onPrev={prev}
        onChapter={chapter}
        onAnswer={answer}
        onReveal={reveal}
        onRetry={retry}
        onPick={pick}
        notes={notes}
        actions={
          <WalkthroughActions
            presenter={presenter}
            onPresent={presenter ? leavePresenter : enterPresenter}
            notesWindow={notesRoot !== null}
            onNotesWindow={toggleNotesWindow}
            laser={laser}
            onLaser={() => setLaser((l) => !l)}
            onFullscreen={toggleFullscreen}
            handoutHref={p.shared ? null : `#learn/${encodeURIComponent(p.id)}/handout`}
            onShare={share.copy}
            shareStatus={notice || share.status}
            onBack={p.onBack}
          />
        }
        summary={
          <WalkthroughSummary
            title={p.doc.title}
            rows={summaryRows(plan, session)}
            onOpen={(id) => update((s) => S.retry(plan, s, id))}
            onRestart={() => {
              clearProgress(p.id);
              update(() => S.startSession(plan));
            }}
            onBackToList={() => {
              window.location.hash = LEARN_HASH;
            }}
          />
        }
      />
      {notesRoot ? (
        <NotesWindow root={notesRoot} onClosed={closeNotes}>
          {notes}
        </NotesWindow>
      ) : null}
      {presenter && laser ? <LaserPointer /> : null}
    </>
  );
}
