/**
 * Every checkpoint of every library walkthrough, against the engine: the app reads each
 * answer from the state the micro-step leaves behind; this table is the author's belief of
 * those answers, so a change in the engine (or a walkthrough pointing at the wrong step) fails
 * here instead of teaching a wrong answer.
 */
import { describe, expect, it } from 'vitest';
import { checkOnTimeline, entityKey, prepareCheckpoint } from '../../../src/scenarios/walkthroughs';
import { LOADED } from './timelines';

type Expected = number | string | boolean | readonly string[];

/** Walkthrough id → checkpoint id → the right answer (an option's value for a choice). */
const EXPECTED: Record<string, Record<string, Expected>> = Object.fromEntries(
  Object.entries(
    import.meta.glob<Record<string, Expected>>('./expected/*.ts', {
      eager: true,
      import: 'default',
    }),
  ).map(([path, table]) => [path.replace(/^\.\/expected\//, '').replace(/\.ts$/, ''), table]),
);

describe.each(LOADED.map((w) => [w.id, w] as const))('walkthrough %s', (id, w) => {
  const frames = w.timeline.frames;
  const checkpoints = w.doc.chapters.flatMap((c) => c.checkpoints ?? []);

  it('lands every chapter and checkpoint on its scenario', () => {
    expect(checkOnTimeline(w.doc, frames)).toEqual([]);
  });

  it('has an expected answer for each checkpoint, and no other', () => {
    expect(Object.keys(EXPECTED[id] ?? {}).sort()).toEqual(checkpoints.map((c) => c.id).sort());
  });

  it.each(checkpoints.map((c) => [c.id, c] as const))(
    '%s: the engine gives the expected answer',
    (_, cp) => {
      const p = prepareCheckpoint(frames, cp);
      if (!p.ok) throw new Error(p.error);
      const c = p.cp.correct;
      const got = c.kind === 'click' ? c.keys : c.value;
      expect(got).toEqual(EXPECTED[id]?.[cp.id]);
      // Misconceptions are about wrong answers only.
      if (cp.ask.kind === 'number' && c.kind === 'number')
        for (const m of cp.ask.misconceptions ?? []) expect(m.answer).not.toBe(c.value);
      if (cp.ask.kind === 'choice' && c.kind === 'choice')
        expect(
          cp.ask.options[c.index]?.feedback,
          'the right option carries no misconception',
        ).toBeUndefined();
      if (cp.ask.kind === 'click') {
        const m = { before: frames[p.cp.askAt]!.world, after: frames[p.cp.revealAt]!.world };
        for (const x of cp.ask.misconceptions ?? [])
          expect(entityKey(m, x.entity), JSON.stringify(x.entity)).not.toBeNull();
      }
    },
  );
});

it('the library has at least six walkthroughs', () => {
  expect(LOADED.length).toBeGreaterThanOrEqual(6);
});
