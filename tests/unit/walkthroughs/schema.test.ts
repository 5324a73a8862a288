/**
 * Checking a walkthrough (load.ts): what is wrong is said with a path to it, for a teacher
 * fixing their own file — first the shape and the scenario (validateWalkthrough), then the fit
 * on the scenario's recorded timeline (checkOnTimeline).
 */
import { describe, expect, it } from 'vitest';
import {
  checkOnTimeline,
  libraryScenario,
  validateWalkthrough,
  WALKTHROUGHS,
  type Checkpoint,
  type WalkthroughDoc,
} from '../../../src/scenarios/walkthroughs';
import w2json from '../../../src/scenarios/walkthroughs/w2-migration.json';
import { loaded } from './timelines';

const w2 = loaded('w2-migration');
const frames = w2.timeline.frames;
/** A deep copy of w2-migration to break. */
const copy = (): WalkthroughDoc => structuredClone(w2.doc);
const json = (): Record<string, unknown> => structuredClone(w2json) as Record<string, unknown>;
const errorsOf = (input: unknown) => {
  const r = validateWalkthrough(input, libraryScenario);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};
const cpIn = (doc: WalkthroughDoc, chapter: number, k: number): Checkpoint =>
  doc.chapters[chapter]!.checkpoints![k]!;

describe('validateWalkthrough', () => {
  it('accepts w2-migration and resolves its library scenario', () => {
    const r = validateWalkthrough(w2json, libraryScenario);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toBe(libraryScenario('s5-cpu-touches-device-page'));
  });

  it('a wrong format string', () => {
    expect(errorsOf({ ...json(), format: 'hmm-lab/walkthrough@2' })).toEqual([
      { path: 'format', message: expect.any(String) },
    ]);
  });

  it('a bad id', () => {
    const errors = errorsOf({ ...json(), id: 'Migration Lecture' });
    expect(errors).toEqual([{ path: 'id', message: 'expected w<n>-words-with-dashes' }]);
  });

  it('an unknown library scenario', () => {
    expect(errorsOf({ ...json(), scenario: 's99-nothing' })).toEqual([
      { path: 'scenario', message: 'there is no library scenario "s99-nothing"' },
    ]);
  });

  it('an invalid inline scenario: its errors prefixed with scenario.', () => {
    const scenario = structuredClone(libraryScenario('selftest-hmm-open-close')!) as unknown as {
      steps: Record<string, unknown>[];
    };
    scenario.steps[1] = { op: 'mirror.open', proc: 'T', device: 'nope', as: 'fd' };
    const errors = errorsOf({ ...json(), scenario });
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.path).toMatch(/^scenario\./);
    expect(errors.some((e) => e.path.startsWith('scenario.steps[1]'))).toBe(true);
  });

  it('a valid inline scenario is accepted as given (no library lookup)', () => {
    const scenario = libraryScenario('s5-cpu-touches-device-page')!;
    const r = validateWalkthrough({ ...json(), scenario }, () => undefined);
    expect(r.ok).toBe(true);
  });

  it('a checkpoint id used twice', () => {
    const doc = json() as unknown as WalkthroughDoc;
    cpIn(doc, 1, 0).id = 'pin-refcount';
    expect(errorsOf(doc)).toEqual([
      { path: 'chapters[1].checkpoints[0].id', message: '"pin-refcount" is used twice' },
    ]);
  });

  it('a choice with one option', () => {
    const doc = json() as unknown as WalkthroughDoc;
    const ask = cpIn(doc, 2, 0).ask;
    if (ask.kind !== 'choice') throw new Error('pinned-stays is a choice');
    ask.options = ask.options.slice(0, 1);
    const errors = errorsOf(doc);
    expect(errors.length).toBeGreaterThan(0);
    // The ask is a union (number | choice | click): zod reports it at the ask or the options.
    for (const e of errors) expect(e.path).toMatch(/^chapters\[2\]\.checkpoints\[0\]\.ask/);
  });

  it('an unknown query field', () => {
    const doc = json() as unknown as WalkthroughDoc;
    const ask = cpIn(doc, 0, 0).ask as unknown as { value: { field: string } };
    ask.value.field = 'temperature';
    const errors = errorsOf(doc);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.path).toMatch(/^chapters\[0\]\.checkpoints\[0\]\.ask/);
  });

  it('extra keys are refused (strict objects), at every level', () => {
    expect(errorsOf({ ...json(), author: 'me' })).toEqual([
      { path: '', message: expect.stringContaining('author') },
    ]);
    const doc = json() as unknown as { chapters: Record<string, unknown>[] };
    doc.chapters[2]!.video = 'https://example.org/x.mp4';
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('chapters[2]');
    expect(errors[0]!.message).toContain('video');
  });

  it('not an object at all', () => {
    expect(errorsOf(null).length).toBeGreaterThan(0);
    expect(errorsOf('w2').length).toBeGreaterThan(0);
  });
});

describe('checkOnTimeline', () => {
  it('w2-migration fits its timeline', () => {
    expect(checkOnTimeline(w2.doc, frames)).toEqual([]);
  });

  it('a position naming a function the step does not have', () => {
    const doc = copy();
    doc.chapters[1]!.from = { step: 7, fn: 'migrate_pages_batch' };
    expect(checkOnTimeline(doc, frames)).toContainEqual({
      path: 'chapters[1].from',
      message: 'no such micro-step',
    });
  });

  it('a step past the end of the scenario', () => {
    const doc = copy();
    doc.chapters[3]!.to = { step: 40, end: true };
    expect(checkOnTimeline(doc, frames)).toContainEqual({
      path: 'chapters[3].to',
      message: 'no such micro-step',
    });
  });

  it('a chapter ending before it starts', () => {
    const doc = copy();
    doc.chapters[3]!.from = { step: 8, end: true };
    doc.chapters[3]!.to = { step: 8, fn: 'do_swap_page' };
    expect(checkOnTimeline(doc, frames)).toContainEqual({
      path: 'chapters[3].to',
      message: 'the chapter ends before it starts',
    });
  });

  it('a checkpoint outside its chapter', () => {
    const doc = copy();
    cpIn(doc, 0, 0).at = { step: 8, fn: 'do_swap_page' };
    expect(checkOnTimeline(doc, frames)).toEqual([
      {
        path: 'chapters[0].checkpoints[0].at',
        message: 'the checkpoint is not inside its chapter',
      },
    ]);
  });

  it("a choice whose options match the engine's value twice, or never", () => {
    const twice = copy();
    const a = cpIn(twice, 2, 0).ask;
    if (a.kind !== 'choice') throw new Error('pinned-stays is a choice');
    a.options[1]!.value = 'system';
    expect(checkOnTimeline(twice, frames)).toEqual([
      {
        path: 'chapters[2].checkpoints[0]',
        message: "2 options match the engine's answer (system)",
      },
    ]);
    const never = copy();
    const b = cpIn(never, 2, 0).ask;
    if (b.kind !== 'choice') throw new Error('pinned-stays is a choice');
    b.options[0]!.value = 'device-coherent';
    expect(checkOnTimeline(never, frames)).toEqual([
      {
        path: 'chapters[2].checkpoints[0]',
        message: "0 options match the engine's answer (system)",
      },
    ]);
  });

  it('a click answer that selects nothing', () => {
    const doc = copy();
    const ask = cpIn(doc, 2, 2).ask;
    if (ask.kind !== 'click') throw new Error('holes-filled is a click question');
    ask.answer = { ptes: { proc: 'A', where: { kind: 'deviceExclusive' } } };
    expect(checkOnTimeline(doc, frames)).toEqual([
      { path: 'chapters[2].checkpoints[2]', message: 'the answer selects nothing on the stage' },
    ]);
  });

  it('a number question whose query is not a number', () => {
    const doc = copy();
    const ask = cpIn(doc, 0, 0).ask as unknown as { value: unknown };
    ask.value = { pte: { proc: 'A', page: 2 }, field: 'where' };
    expect(checkOnTimeline(doc, frames)).toEqual([
      { path: 'chapters[0].checkpoints[0]', message: 'the answer is not a number (system)' },
    ]);
  });

  it('a question revealed after its chapter ends', () => {
    const doc = copy();
    // collect-migration-entries: asked in chapter 2, revealed at the end of step 7 (chapter 3).
    cpIn(doc, 1, 0).after = 'step';
    expect(checkOnTimeline(doc, frames)).toEqual([
      {
        path: 'chapters[1].checkpoints[0].after',
        message: 'the checkpoint is revealed after its chapter ends',
      },
    ]);
  });

  it('two click questions on one frame', () => {
    const doc = copy();
    const cps = doc.chapters[2]!.checkpoints!;
    cps.push({ ...structuredClone(cps[2]!), id: 'holes-filled-again' });
    expect(checkOnTimeline(doc, frames)).toEqual([
      {
        path: 'chapters[2].checkpoints[3].at',
        message: 'a second click question on the frame of "holes-filled"',
      },
    ]);
  });
});

describe('the library', () => {
  it.each(WALKTHROUGHS.map((w) => [w.id, w] as const))('%s validates', (id, w) => {
    expect(w.load.ok ? [] : w.load.errors).toEqual([]);
    if (w.load.ok) expect(w.load.doc.id).toBe(id);
  });
});
