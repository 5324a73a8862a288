/**
 * A checkpoint against a recorded timeline: where it is asked (the frame before its
 * micro-step), where it is revealed, its right answer as the engine's state gives it, and the
 * grading of a student's answer with feedback aimed at the misconception behind it.
 */
import { entityKey, selectKeys, type Moment } from './entities';
import { evalQuery, resolvePos, resultOfStep, type WalkFrame } from './query';
import type { AnswerValue, Checkpoint } from './schema';

/** The right answer: a number, an option's index, or the sorted stage keys to click. */
export type Correct =
  | { kind: 'number'; value: number }
  | { kind: 'choice'; index: number; value: AnswerValue }
  | { kind: 'click'; keys: string[] };

/** What a student gave: the same three shapes. */
export type Given =
  | { kind: 'number'; value: number }
  | { kind: 'choice'; index: number }
  | { kind: 'click'; keys: readonly string[] };

export interface PreparedCheckpoint {
  /** Frame index the question is asked on (the state before the micro-step). */
  askAt: number;
  /** Frame index the answer is read from and shown on. */
  revealAt: number;
  correct: Correct;
  /** The kernel function of the micro-step predicted, and its source link. */
  fn: string;
  src?: string;
}

export type Prepared = { ok: true; cp: PreparedCheckpoint } | { ok: false; error: string };

const same = (a: AnswerValue, b: AnswerValue | undefined) => a === b;

/** Where a checkpoint sits on a timeline and what the engine says its answer is. */
export function prepareCheckpoint(frames: readonly WalkFrame[], cp: Checkpoint): Prepared {
  const at = resolvePos(frames, cp.at);
  if (at === null || at === 0)
    return { ok: false, error: `no micro-step at ${JSON.stringify(cp.at)}` };
  const frame = frames[at]!;
  const revealAt =
    cp.after === 'step' ? (resolvePos(frames, { step: frame.step, end: true }) ?? at) : at;
  const m: Moment = { before: frames[at - 1]!.world, after: frames[revealAt]!.world };
  const result = resultOfStep(frames, frame.step);
  const ask = cp.ask;
  let correct: Correct;
  if (ask.kind === 'click') {
    const keys = selectKeys(m, ask.answer);
    if (keys.length === 0) return { ok: false, error: 'the answer selects nothing on the stage' };
    correct = { kind: 'click', keys };
  } else {
    const value = evalQuery(m, result, ask.value);
    if (value === undefined) return { ok: false, error: 'the question does not apply here' };
    if (ask.kind === 'number') {
      if (typeof value !== 'number')
        return { ok: false, error: `the answer is not a number (${String(value)})` };
      correct = { kind: 'number', value };
    } else {
      const hits = ask.options.flatMap((o, i) => (same(o.value, value) ? [i] : []));
      if (hits.length !== 1)
        return {
          ok: false,
          error: `${hits.length} options match the engine's answer (${String(value)})`,
        };
      correct = { kind: 'choice', index: hits[0]!, value };
    }
  }
  const fn = frame.microstep?.fn ?? '';
  return {
    ok: true,
    cp: {
      askAt: at - 1,
      revealAt,
      correct,
      fn,
      ...(frame.microstep?.src ? { src: frame.microstep.src } : {}),
    },
  };
}

export interface Grade {
  correct: boolean;
  /** Feedback for this answer: the misconceptions it shows, else the checkpoint's `wrong`. */
  feedback: string[];
}

/** Grades an answer; the feedback is empty for a right one (the explanation follows anyway). */
export function grade(
  cp: Checkpoint,
  prepared: PreparedCheckpoint,
  given: Given,
  frames: readonly WalkFrame[],
): Grade {
  const c = prepared.correct;
  const fallback = cp.wrong ? [cp.wrong] : [];
  if (c.kind === 'number' && given.kind === 'number') {
    if (given.value === c.value) return { correct: true, feedback: [] };
    const ask = cp.ask.kind === 'number' ? cp.ask : null;
    const hit = ask?.misconceptions?.filter((x) => x.answer === given.value).map((x) => x.feedback);
    return { correct: false, feedback: hit?.length ? hit : fallback };
  }
  if (c.kind === 'choice' && given.kind === 'choice') {
    if (given.index === c.index) return { correct: true, feedback: [] };
    const opt = cp.ask.kind === 'choice' ? cp.ask.options[given.index] : undefined;
    return { correct: false, feedback: opt?.feedback ? [opt.feedback] : fallback };
  }
  if (c.kind === 'click' && given.kind === 'click') {
    const want = new Set(c.keys);
    const got = new Set(given.keys);
    const right = want.size === got.size && [...want].every((k) => got.has(k));
    if (right) return { correct: true, feedback: [] };
    const m: Moment = {
      before: frames[prepared.askAt]!.world,
      after: frames[prepared.revealAt]!.world,
    };
    const ask = cp.ask.kind === 'click' ? cp.ask : null;
    // A misconception speaks when the student is wrong about its entity: picked it though it is
    // not in the answer, or left it out though it is.
    const hit = (ask?.misconceptions ?? [])
      .filter((x) => {
        const k = entityKey(m, x.entity);
        return k !== null && want.has(k) !== got.has(k);
      })
      .map((x) => x.feedback);
    return { correct: false, feedback: hit.length ? hit : fallback };
  }
  return { correct: false, feedback: fallback };
}
