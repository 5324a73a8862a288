/**
 * A walkthrough in progress, as pure data: which chapter and micro-step is on screen, and the
 * student's answers. The page renders it; these functions move it. A checkpoint blocks
 * stepping past the micro-step it predicts until it is answered (or revealed); answering
 * jumps to the state the answer is read from.
 */
import { grade, prepareCheckpoint, type Given, type PreparedCheckpoint } from './checkpoint';
import { resolvePos, type WalkFrame } from './query';
import type { Chapter, Checkpoint, WalkthroughDoc } from './schema';

export interface ChapterPlan {
  chapter: Chapter;
  from: number;
  to: number;
  checkpoints: { def: Checkpoint; prep: PreparedCheckpoint }[];
}

/** A walkthrough laid on its timeline; null where it does not fit (checkOnTimeline says why). */
export function planWalkthrough(
  doc: WalkthroughDoc,
  frames: readonly WalkFrame[],
): ChapterPlan[] | null {
  const plan: ChapterPlan[] = [];
  for (const chapter of doc.chapters) {
    const from = resolvePos(frames, chapter.from);
    const to = resolvePos(frames, chapter.to);
    if (from === null || to === null || to < from) return null;
    const checkpoints: ChapterPlan['checkpoints'] = [];
    for (const def of chapter.checkpoints ?? []) {
      const p = prepareCheckpoint(frames, def);
      if (!p.ok) return null;
      checkpoints.push({ def, prep: p.cp });
    }
    plan.push({ chapter, from, to, checkpoints });
  }
  return plan;
}

export interface AnswerRecord {
  given: Given | null;
  correct: boolean;
  /** Revealed without an answer ("Show me", or the presenter's reveal). */
  skipped: boolean;
  /** How many answers were checked; right the first time when `correct && attempts === 1`. */
  attempts: number;
  feedback: string[];
}

export interface Session {
  chapter: number;
  position: number;
  answers: Readonly<Record<string, AnswerRecord>>;
  /** Answers checked per checkpoint, kept across "Try again". */
  tries: Readonly<Record<string, number>>;
  /** The end summary is on screen. */
  done: boolean;
}

export const startSession = (plan: readonly ChapterPlan[]): Session => ({
  chapter: 0,
  position: plan[0]?.from ?? 0,
  answers: {},
  tries: {},
  done: false,
});

/**
 * The questions to answer before stepping on from here. Several may be asked on one frame
 * ("two predictions before fork copies the entries"): all are shown, and the reveal comes when
 * the last is answered.
 */
export function pendingCheckpoints(plan: readonly ChapterPlan[], s: Session) {
  if (s.done) return [];
  return (plan[s.chapter]?.checkpoints ?? []).filter(
    (c) => c.prep.askAt === s.position && !s.answers[c.def.id],
  );
}

/** The answered questions whose reveal is on screen. */
export function revealedCheckpoints(plan: readonly ChapterPlan[], s: Session) {
  if (s.done) return [];
  return (plan[s.chapter]?.checkpoints ?? []).filter(
    (c) => c.prep.revealAt === s.position && s.answers[c.def.id],
  );
}

export function next(plan: readonly ChapterPlan[], s: Session): Session {
  const ch = plan[s.chapter];
  if (!ch || s.done || pendingCheckpoints(plan, s).length > 0) return s;
  if (s.position < ch.to) return { ...s, position: s.position + 1 };
  if (s.chapter + 1 < plan.length)
    return { ...s, chapter: s.chapter + 1, position: plan[s.chapter + 1]!.from };
  return { ...s, done: true };
}

export function prev(plan: readonly ChapterPlan[], s: Session): Session {
  if (s.done) return { ...s, done: false };
  const ch = plan[s.chapter];
  if (!ch) return s;
  if (s.position > ch.from) return { ...s, position: s.position - 1 };
  if (s.chapter > 0) return { ...s, chapter: s.chapter - 1, position: plan[s.chapter - 1]!.to };
  return s;
}

/** Next or previous chapter, at its opening state (a clicker's PageDown/PageUp with Shift). */
export function goChapter(plan: readonly ChapterPlan[], s: Session, chapter: number): Session {
  if (chapter === plan.length) return { ...s, done: true };
  const ch = plan[chapter];
  return ch ? { ...s, chapter, position: ch.from, done: false } : s;
}

function find(plan: readonly ChapterPlan[], id: string) {
  for (const ch of plan) for (const c of ch.checkpoints) if (c.def.id === id) return c;
  return undefined;
}

/** The chapter a checkpoint belongs to (-1 if none). */
const chapterOf = (plan: readonly ChapterPlan[], id: string) =>
  plan.findIndex((ch) => ch.checkpoints.some((c) => c.def.id === id));

/**
 * Where to stand once a question is settled: on its frame while others asked there are open;
 * else at the first reveal — unless another question is asked before that (a prediction about
 * the end of a step is revealed when the step ends, and the questions on the way are asked on
 * the way).
 */
function after(
  plan: readonly ChapterPlan[],
  answers: Session['answers'],
  askAt: number,
  chapter: number,
): number {
  const all = plan[chapter]?.checkpoints ?? [];
  const group = all.filter((c) => c.prep.askAt === askAt);
  if (group.some((c) => !answers[c.def.id])) return askAt;
  const reveal = Math.min(...group.map((c) => c.prep.revealAt));
  const asks = all
    .filter((c) => c.prep.askAt > askAt && !answers[c.def.id])
    .map((c) => c.prep.askAt);
  return Math.min(reveal, ...asks);
}

/** Answered questions whose reveal is still ahead in the step (their predictions wait). */
export function awaitingCheckpoints(plan: readonly ChapterPlan[], s: Session) {
  if (s.done) return [];
  return (plan[s.chapter]?.checkpoints ?? []).filter(
    (c) => s.answers[c.def.id] && c.prep.askAt < s.position && s.position < c.prep.revealAt,
  );
}

/** Checks an answer, records it, and shows the state the answer was read from. */
export function answer(
  plan: readonly ChapterPlan[],
  frames: readonly WalkFrame[],
  s: Session,
  id: string,
  given: Given,
): Session {
  const c = find(plan, id);
  if (!c) return s;
  const g = grade(c.def, c.prep, given, frames);
  const attempts = (s.tries[id] ?? 0) + 1;
  const record: AnswerRecord = {
    given,
    correct: g.correct,
    skipped: false,
    attempts,
    feedback: g.feedback,
  };
  const answers = { ...s.answers, [id]: record };
  const chapter = chapterOf(plan, id);
  return {
    ...s,
    chapter,
    position: after(plan, answers, c.prep.askAt, chapter),
    answers,
    tries: { ...s.tries, [id]: attempts },
  };
}

/** Reveals without an answer. */
export function reveal(plan: readonly ChapterPlan[], s: Session, id: string): Session {
  const c = find(plan, id);
  if (!c) return s;
  const record: AnswerRecord = {
    given: null,
    correct: false,
    skipped: true,
    attempts: s.tries[id] ?? 0,
    feedback: [],
  };
  const answers = { ...s.answers, [id]: record };
  const chapter = chapterOf(plan, id);
  return { ...s, chapter, position: after(plan, answers, c.prep.askAt, chapter), answers };
}

/** Back to the question; the count of attempts stays (the summary tells first tries apart). */
export function retry(plan: readonly ChapterPlan[], s: Session, id: string): Session {
  const c = find(plan, id);
  if (!c) return s;
  const rest = { ...s.answers };
  delete rest[id];
  return { ...s, chapter: chapterOf(plan, id), position: c.prep.askAt, answers: rest, done: false };
}

export interface Score {
  total: number;
  answered: number;
  right: number;
  firstTry: number;
}

export function score(plan: readonly ChapterPlan[], s: Session): Score {
  const all = plan.flatMap((ch) => ch.checkpoints);
  const recs = all.map((c) => s.answers[c.def.id]);
  return {
    total: all.length,
    answered: recs.filter((r) => r && !r.skipped).length,
    right: recs.filter((r) => r?.correct).length,
    firstTry: recs.filter((r) => r?.correct && r.attempts === 1).length,
  };
}
