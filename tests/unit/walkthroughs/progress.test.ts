/**
 * Progress kept on this device (app/walkthrough/progress.ts). What comes back from localStorage
 * may be damaged, older, or written for another version of the walkthrough: it is checked field
 * by field, and anything that does not fit starts afresh (or drops that one answer) rather than
 * breaking the page. The unit project runs in node: window.localStorage is a Map-backed stub.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearProgress,
  loadProgress,
  progressKey,
  saveProgress,
} from '../../../src/app/walkthrough/progress';
import * as S from '../../../src/scenarios/walkthroughs/session';
import { loaded } from './timelines';

const w = loaded('w2-migration');
const frames = w.timeline.frames;
const plan = S.planWalkthrough(w.doc, frames)!;
const ID = 'w2-migration';

let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, String(v)),
      removeItem: (k: string) => void store.delete(k),
    },
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A session with a wrong answer, a retried one and a reveal, on the frame after pin-refcount. */
function played(): S.Session {
  const cp = (id: string) => plan.flatMap((c) => c.checkpoints).find((k) => k.def.id === id)!;
  let s: S.Session = { ...S.startSession(plan), position: cp('pin-refcount').prep.askAt };
  s = S.answer(plan, frames, s, 'pin-refcount', { kind: 'number', value: 1 });
  s = S.retry(plan, s, 'pin-refcount');
  s = S.answer(plan, frames, s, 'pin-refcount', { kind: 'number', value: 2 });
  s = S.next(plan, s);
  return s;
}
const raw = () => JSON.parse(store.get(progressKey(ID))!) as Record<string, unknown>;
const put = (x: unknown) => store.set(progressKey(ID), JSON.stringify(x));

describe('round trip', () => {
  it('what is saved comes back the same', () => {
    const s = played();
    saveProgress(ID, s);
    expect(store.has('hmm-lab:walkthrough:w2-migration')).toBe(true);
    expect(raw().v).toBe(1);
    expect(loadProgress(ID, plan)).toEqual(s);
  });

  it('a click answer, a choice and a done session come back too', () => {
    const s: S.Session = {
      chapter: 3,
      position: plan[3]!.to,
      answers: {
        'holes-filled': {
          given: { kind: 'click', keys: ['pte:A:1'] },
          correct: false,
          skipped: false,
          attempts: 1,
          feedback: ['x'],
        },
        'pinned-stays': {
          given: { kind: 'choice', index: 0 },
          correct: true,
          skipped: false,
          attempts: 1,
          feedback: [],
        },
      },
      tries: { 'holes-filled': 1, 'pinned-stays': 1 },
      done: true,
    };
    saveProgress(ID, s);
    expect(loadProgress(ID, plan)).toEqual(s);
  });

  it('nothing saved: null; cleared: null', () => {
    expect(loadProgress(ID, plan)).toBeNull();
    saveProgress(ID, played());
    clearProgress(ID);
    expect(loadProgress(ID, plan)).toBeNull();
  });

  it('storage that throws (private mode, full) is not an error', () => {
    vi.stubGlobal('window', {
      localStorage: {
        getItem: () => {
          throw new Error('SecurityError');
        },
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
        removeItem: () => {
          throw new Error('SecurityError');
        },
      },
    });
    expect(() => saveProgress(ID, played())).not.toThrow();
    expect(loadProgress(ID, plan)).toBeNull();
    expect(() => clearProgress(ID)).not.toThrow();
  });
});

describe('damaged or stale entries start afresh', () => {
  it.each([
    ['damaged JSON', '{"v":1,"chapter":0,'],
    ['not an object', '[1,2,3]'],
    ['null', 'null'],
  ])('%s', (_, text) => {
    store.set(progressKey(ID), text);
    expect(loadProgress(ID, plan)).toBeNull();
  });

  it('a wrong version', () => {
    saveProgress(ID, played());
    put({ ...raw(), v: 2 });
    expect(loadProgress(ID, plan)).toBeNull();
    put({ ...raw(), v: undefined });
    expect(loadProgress(ID, plan)).toBeNull();
  });

  it('a chapter out of range, or a position outside its chapter', () => {
    saveProgress(ID, played());
    const ok = raw();
    for (const bad of [
      { chapter: plan.length },
      { chapter: -1 },
      { chapter: 0.5 },
      { chapter: '0' },
      { position: plan[0]!.to + 1 },
      { position: -1 },
      { position: frames.length + 100 },
    ]) {
      put({ ...ok, ...bad });
      expect(loadProgress(ID, plan), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('bad answers are dropped one by one', () => {
  it('an unknown checkpoint id, and a record of the wrong shape', () => {
    saveProgress(ID, played());
    const r = raw();
    const answers = r.answers as Record<string, unknown>;
    put({
      ...r,
      answers: {
        ...answers,
        'no-such-question': answers['pin-refcount'],
        'pgmap-refs': { correct: 'yes', attempts: 1 },
        'holes-filled': { correct: true, attempts: -1 },
      },
      tries: { ...(r.tries as object), 'no-such-question': 3, 'pgmap-refs': 'many' },
    });
    const s = loadProgress(ID, plan)!;
    expect(Object.keys(s.answers)).toEqual(['pin-refcount']);
    expect(s.tries).toEqual({ 'pin-refcount': 2 });
  });

  it('a malformed given is forgotten, the rest of the record kept', () => {
    saveProgress(ID, played());
    for (const given of [
      { kind: 'number', value: 'two' },
      { kind: 'number', value: 1.5 },
      { kind: 'choice', index: -1 },
      { kind: 'click', keys: [1, 2] },
      { kind: 'drag' },
      '2',
    ]) {
      const r = raw();
      const a = (r.answers as Record<string, Record<string, unknown>>)['pin-refcount']!;
      put({ ...r, answers: { 'pin-refcount': { ...a, given, feedback: ['ok', 7, null] } } });
      const s = loadProgress(ID, plan)!;
      expect(s.answers['pin-refcount'], JSON.stringify(given)).toEqual({
        given: null,
        correct: true,
        skipped: false,
        attempts: 2,
        feedback: ['ok'],
      });
    }
  });

  it('answers and tries that are not objects are ignored', () => {
    saveProgress(ID, played());
    put({ ...raw(), answers: 'all right', tries: [1, 2] });
    expect(loadProgress(ID, plan)).toMatchObject({ answers: {}, tries: {}, chapter: 0 });
  });
});

describe('saved where the session really stands', () => {
  it('progress saved right after answering pinned-stays survives a reload', () => {
    const ch = plan.findIndex((c) => c.checkpoints.some((k) => k.def.id === 'pinned-stays'));
    const cp = plan[ch]!.checkpoints.find((k) => k.def.id === 'pinned-stays')!;
    let s: S.Session = { ...S.startSession(plan), chapter: ch, position: cp.prep.askAt };
    s = S.answer(plan, frames, s, 'pinned-stays', { kind: 'choice', index: 0 });
    saveProgress(ID, s);
    expect(loadProgress(ID, plan)).toEqual(s);
  });
});
