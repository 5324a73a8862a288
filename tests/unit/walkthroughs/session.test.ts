/**
 * The walkthrough session (session.ts) on real plans: w2-migration and w4-fork-cow laid on their
 * scenarios' recorded timelines. Frame numbers are never hard-coded: they are read from the
 * plan, so the tests follow the engine when it adds a micro-step.
 */
import { describe, expect, it } from 'vitest';
import { summaryRows } from '../../../src/app/walkthrough/summaryRows';
import * as S from '../../../src/scenarios/walkthroughs/session';
import { loaded } from './timelines';

function setup(id: string) {
  const w = loaded(id);
  const frames = w.timeline.frames;
  const plan = S.planWalkthrough(w.doc, frames);
  if (!plan) throw new Error(`${id} does not fit its timeline`);
  const cp = (cid: string) => {
    const c = plan.flatMap((ch) => ch.checkpoints).find((k) => k.def.id === cid);
    if (!c) throw new Error(`no checkpoint ${cid}`);
    return c;
  };
  const chapterOf = (cid: string) =>
    plan.findIndex((ch) => ch.checkpoints.some((k) => k.def.id === cid));
  /** Next until a question is pending (or nothing moves). */
  const stepToQuestion = (s: S.Session) => {
    for (let i = 0; i < frames.length * 2; i++) {
      if (S.pendingCheckpoints(plan, s).length > 0) return s;
      const n = S.next(plan, s);
      if (n === s) return s;
      s = n;
    }
    throw new Error('never reached a question');
  };
  return { plan, frames, cp, chapterOf, stepToQuestion };
}

const w2 = setup('w2-migration');
const w4 = setup('w4-fork-cow');
const rightNumber = (c: S.ChapterPlan['checkpoints'][number]) => {
  if (c.prep.correct.kind !== 'number') throw new Error('not a number question');
  return { kind: 'number' as const, value: c.prep.correct.value };
};

describe('w2-migration: one question', () => {
  const { plan, frames, cp, stepToQuestion } = w2;
  const pin = cp('pin-refcount');

  it('starts at the first chapter, and next stops at the first question', () => {
    const s0 = S.startSession(plan);
    expect(s0).toMatchObject({ chapter: 0, position: plan[0]!.from, done: false });
    const s = stepToQuestion(s0);
    expect(s.position).toBe(pin.prep.askAt);
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pin-refcount']);
    // Blocked: the same object comes back.
    expect(S.next(plan, s)).toBe(s);
    // The ask frame is the one before the predicted micro-step, the reveal is on it.
    expect(frames[pin.prep.askAt + 1]!.microstep?.fn).toBe('try_grab_folio');
    expect(pin.prep.revealAt).toBe(pin.prep.askAt + 1);
  });

  it('a wrong number records the misconception of that answer and shows the reveal frame', () => {
    const s = S.answer(plan, frames, stepToQuestion(S.startSession(plan)), 'pin-refcount', {
      kind: 'number',
      value: 1,
    });
    const feedback1 = pin.def.ask.kind === 'number' ? pin.def.ask.misconceptions![0]!.feedback : '';
    expect(feedback1).toMatch(/A pin is not free/);
    expect(s.answers['pin-refcount']).toEqual({
      given: { kind: 'number', value: 1 },
      correct: false,
      skipped: false,
      attempts: 1,
      feedback: [feedback1],
    });
    expect(s.position).toBe(pin.prep.revealAt);
    expect(S.pendingCheckpoints(plan, s)).toEqual([]);
    expect(S.revealedCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pin-refcount']);
  });

  it('an unexpected wrong number gets the checkpoint\'s "wrong" text', () => {
    const s = S.answer(plan, frames, stepToQuestion(S.startSession(plan)), 'pin-refcount', {
      kind: 'number',
      value: 7,
    });
    expect(s.answers['pin-refcount']!.feedback).toEqual([pin.def.wrong]);
  });

  it('retry goes back to the question and keeps the count: a later right answer is "right", not "first-try"', () => {
    let s = stepToQuestion(S.startSession(plan));
    s = S.answer(plan, frames, s, 'pin-refcount', { kind: 'number', value: 1 });
    s = S.retry(plan, s, 'pin-refcount');
    expect(s.position).toBe(pin.prep.askAt);
    expect(s.answers['pin-refcount']).toBeUndefined();
    expect(s.tries['pin-refcount']).toBe(1);
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pin-refcount']);
    s = S.answer(plan, frames, s, 'pin-refcount', rightNumber(pin));
    expect(s.answers['pin-refcount']).toMatchObject({ correct: true, attempts: 2, feedback: [] });
    const row = summaryRows(plan, s).find((r) => r.checkpoint.id === 'pin-refcount');
    expect(row?.status).toBe('right');
    expect(S.score(plan, s)).toMatchObject({ right: 1, firstTry: 0, answered: 1 });
  });

  it('a right answer the first time is "first-try"', () => {
    const s = S.answer(plan, frames, stepToQuestion(S.startSession(plan)), 'pin-refcount', {
      kind: 'number',
      value: 2,
    });
    expect(s.answers['pin-refcount']).toMatchObject({ correct: true, attempts: 1 });
    expect(summaryRows(plan, s).find((r) => r.checkpoint.id === 'pin-refcount')?.status).toBe(
      'first-try',
    );
  });

  it('reveal records a skip, shows the answer frame, and counts as neither answered nor right', () => {
    const s = S.reveal(plan, stepToQuestion(S.startSession(plan)), 'pin-refcount');
    expect(s.answers['pin-refcount']).toEqual({
      given: null,
      correct: false,
      skipped: true,
      attempts: 0,
      feedback: [],
    });
    expect(s.position).toBe(pin.prep.revealAt);
    expect(S.score(plan, s)).toEqual({ total: 7, answered: 0, right: 0, firstTry: 0 });
    expect(summaryRows(plan, s)[0]!.status).toBe('revealed');
  });
});

describe('w2-migration: moving around', () => {
  const { plan } = w2;
  // The first chapter's question answered so next is free in it.
  const free = (s: S.Session): S.Session => ({
    ...s,
    answers: Object.fromEntries(
      plan
        .flatMap((ch) => ch.checkpoints)
        .map((c) => [
          c.def.id,
          { given: null, correct: false, skipped: true, attempts: 0, feedback: [] },
        ]),
    ),
  });

  it('next and prev cross chapter boundaries', () => {
    const end0 = free({ ...S.startSession(plan), position: plan[0]!.to });
    const s1 = S.next(plan, end0);
    expect(s1).toMatchObject({ chapter: 1, position: plan[1]!.from });
    expect(S.prev(plan, s1)).toMatchObject({ chapter: 0, position: plan[0]!.to });
    // Within a chapter: one frame at a time.
    expect(S.next(plan, s1)).toMatchObject({ chapter: 1, position: plan[1]!.from + 1 });
  });

  it('prev at the very start stays; next at the very end shows the summary, prev leaves it', () => {
    const s0 = S.startSession(plan);
    expect(S.prev(plan, s0)).toBe(s0);
    const last = plan.length - 1;
    const end = free({ ...s0, chapter: last, position: plan[last]!.to });
    const done = S.next(plan, end);
    expect(done.done).toBe(true);
    expect(S.pendingCheckpoints(plan, done)).toEqual([]);
    expect(S.next(plan, done)).toBe(done);
    expect(S.prev(plan, done)).toMatchObject({ done: false, chapter: last });
  });

  it('goChapter opens a chapter at its start; one past the last is the summary', () => {
    const s = S.goChapter(plan, S.startSession(plan), 2);
    expect(s).toMatchObject({ chapter: 2, position: plan[2]!.from, done: false });
    expect(S.goChapter(plan, s, plan.length).done).toBe(true);
    expect(S.goChapter(plan, s, 99)).toBe(s);
    expect(S.goChapter(plan, s, -1)).toBe(s);
  });
});

describe('a prediction revealed at the end of its step (after: "step")', () => {
  const { plan, frames, cp, chapterOf } = w2;
  const where = cp('cpu-fault-where');
  const later = cp('pgmap-after-return');

  it('the questions asked on the way are asked first; the prediction waits, then is revealed', () => {
    expect(where.def.after).toBe('step');
    expect(where.prep.askAt).toBeLessThan(later.prep.askAt);
    expect(later.prep.revealAt).toBeLessThan(where.prep.revealAt);
    const ch = chapterOf('cpu-fault-where');
    let s: S.Session = { ...S.startSession(plan), chapter: ch, position: where.prep.askAt };
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['cpu-fault-where']);
    s = S.answer(plan, frames, s, 'cpu-fault-where', { kind: 'choice', index: 1 });
    // Not revealed yet: on to the next question's frame, the prediction waiting.
    expect(s.position).toBe(later.prep.askAt);
    expect(S.revealedCheckpoints(plan, s)).toEqual([]);
    expect(S.awaitingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['cpu-fault-where']);
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pgmap-after-return']);
    s = S.answer(plan, frames, s, 'pgmap-after-return', rightNumber(later));
    expect(s.position).toBe(later.prep.revealAt);
    expect(S.revealedCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pgmap-after-return']);
    expect(S.awaitingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['cpu-fault-where']);
    while (s.position < where.prep.revealAt) s = S.next(plan, s);
    expect(s.position).toBe(where.prep.revealAt);
    expect(S.awaitingCheckpoints(plan, s)).toEqual([]);
    expect(S.revealedCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['cpu-fault-where']);
    expect(s.answers['cpu-fault-where']!.correct).toBe(false);
  });

  it('pinned-stays is asked with pgmap-refs and revealed at the end of step 7, inside chapter 3', () => {
    const pinned = cp('pinned-stays');
    const refs = cp('pgmap-refs');
    const ch = chapterOf('pinned-stays');
    expect(chapterOf('pgmap-refs')).toBe(ch);
    expect(pinned.prep.askAt).toBe(refs.prep.askAt);
    expect(pinned.prep.revealAt).toBeLessThanOrEqual(plan[ch]!.to);
    let s: S.Session = { ...S.startSession(plan), chapter: ch, position: pinned.prep.askAt };
    s = S.answer(plan, frames, s, 'pinned-stays', { kind: 'choice', index: 0 });
    // pgmap-refs, asked on the same frame, is still open: the stage stays before the step.
    expect(s.position).toBe(pinned.prep.askAt);
    s = S.answer(plan, frames, s, 'pgmap-refs', rightNumber(refs));
    expect(s.position).toBe(refs.prep.revealAt);
    expect(S.awaitingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pinned-stays']);
    while (S.pendingCheckpoints(plan, s).length === 0 && s.position < pinned.prep.revealAt)
      s = S.next(plan, s);
    // holes-filled is asked on the way, before the prediction is revealed.
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['holes-filled']);
    s = S.reveal(plan, s, 'holes-filled');
    while (s.position < pinned.prep.revealAt) s = S.next(plan, s);
    expect(s.chapter).toBe(ch);
    expect(S.revealedCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['pinned-stays']);
  });
});

describe('w4-fork-cow: two questions on one frame', () => {
  const { plan, frames, cp, chapterOf } = w4;
  const ro = cp('fork-readonly');
  const rc = cp('devpriv-refcount');

  it('both are pending, and the position stays until both are answered', () => {
    expect(ro.prep.askAt).toBe(rc.prep.askAt);
    const ch = chapterOf('fork-readonly');
    let s: S.Session = { ...S.startSession(plan), chapter: ch, position: ro.prep.askAt };
    expect(
      S.pendingCheckpoints(plan, s)
        .map((c) => c.def.id)
        .sort(),
    ).toEqual(['devpriv-refcount', 'fork-readonly']);
    s = S.answer(plan, frames, s, 'devpriv-refcount', rightNumber(rc));
    expect(s.position).toBe(ro.prep.askAt);
    expect(S.pendingCheckpoints(plan, s).map((c) => c.def.id)).toEqual(['fork-readonly']);
    expect(S.next(plan, s)).toBe(s);
    const keys = ro.prep.correct.kind === 'click' ? ro.prep.correct.keys : [];
    s = S.answer(plan, frames, s, 'fork-readonly', { kind: 'click', keys: keys.slice(1) });
    expect(s.answers['fork-readonly']!.correct).toBe(false);
    // The earlier of the two reveals comes first.
    expect(s.position).toBe(Math.min(ro.prep.revealAt, rc.prep.revealAt));
    expect(S.pendingCheckpoints(plan, s)).toEqual([]);
  });
});

describe('score', () => {
  const { plan, frames, cp, chapterOf } = w2;
  it('counts the total, the answered, the right and the first tries', () => {
    expect(S.score(plan, S.startSession(plan))).toEqual({
      total: 7,
      answered: 0,
      right: 0,
      firstTry: 0,
    });
    let s = S.startSession(plan);
    const at = (id: string): S.Session => ({
      ...s,
      chapter: chapterOf(id),
      position: cp(id).prep.askAt,
    });
    s = S.answer(plan, frames, at('pin-refcount'), 'pin-refcount', { kind: 'number', value: 2 });
    s = S.answer(plan, frames, at('pgmap-refs'), 'pgmap-refs', { kind: 'number', value: 1 });
    s = S.reveal(plan, at('holes-filled'), 'holes-filled');
    s = S.answer(plan, frames, at('pgmap-after-return'), 'pgmap-after-return', {
      kind: 'number',
      value: 4,
    });
    s = S.retry(plan, s, 'pgmap-after-return');
    s = S.answer(plan, frames, s, 'pgmap-after-return', { kind: 'number', value: 3 });
    expect(S.score(plan, s)).toEqual({ total: 7, answered: 3, right: 2, firstTry: 1 });
    expect(summaryRows(plan, s).map((r) => r.status)).toEqual([
      'first-try',
      'open',
      'open',
      'wrong',
      'revealed',
      'open',
      'right',
    ]);
  });
});
