/**
 * Checking a walkthrough: its shape (schema.ts), then what the shape cannot say — unique
 * checkpoint ids, a scenario that exists and is valid — and, once its scenario has run,
 * that every chapter and checkpoint lands on a micro-step and every answer can be read.
 */
import type { ScenarioDoc } from '../../engine/trace';
import { formatPath, type ScenarioError, validateScenario } from '../load';
import { prepareCheckpoint } from './checkpoint';
import { resolvePos, type WalkFrame } from './query';
import { walkthroughSchema, type WalkthroughDoc } from './schema';

export type WalkthroughLoad =
  { ok: true; doc: WalkthroughDoc; scenario: ScenarioDoc } | { ok: false; errors: ScenarioError[] };

/**
 * Validates a walkthrough; `library` finds a scenario named by id. A scenario given inline is
 * validated like a shared scenario link's.
 */
export function validateWalkthrough(
  input: unknown,
  library: (id: string) => ScenarioDoc | undefined,
): WalkthroughLoad {
  const parsed = walkthroughSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const doc = parsed.data;
  const errors: ScenarioError[] = [];
  const seen = new Set<string>();
  doc.chapters.forEach((ch, c) =>
    (ch.checkpoints ?? []).forEach((cp, k) => {
      if (seen.has(cp.id))
        errors.push({
          path: `chapters[${c}].checkpoints[${k}].id`,
          message: `"${cp.id}" is used twice`,
        });
      seen.add(cp.id);
    }),
  );
  let scenario: ScenarioDoc | undefined;
  if (typeof doc.scenario === 'string') {
    scenario = library(doc.scenario);
    if (!scenario)
      errors.push({ path: 'scenario', message: `there is no library scenario "${doc.scenario}"` });
  } else {
    const s = validateScenario(doc.scenario);
    if (s.ok) scenario = s.doc;
    else errors.push(...s.errors.map((e) => ({ path: `scenario.${e.path}`, message: e.message })));
  }
  if (errors.length > 0 || !scenario) return { ok: false, errors };
  return { ok: true, doc, scenario };
}

/** What is wrong with a walkthrough on its scenario's recorded timeline (empty: nothing). */
export function checkOnTimeline(
  doc: WalkthroughDoc,
  frames: readonly WalkFrame[],
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  // Questions asked on one frame are answered together: one of them at most is a click question
  // (the stage picks for one question at a time).
  const windows: { id: string; askAt: number; click: boolean }[] = [];
  doc.chapters.forEach((ch, c) => {
    const from = resolvePos(frames, ch.from);
    const to = resolvePos(frames, ch.to);
    if (from === null) errors.push({ path: `chapters[${c}].from`, message: 'no such micro-step' });
    if (to === null) errors.push({ path: `chapters[${c}].to`, message: 'no such micro-step' });
    if (from !== null && to !== null && to < from)
      errors.push({ path: `chapters[${c}].to`, message: 'the chapter ends before it starts' });
    (ch.checkpoints ?? []).forEach((cp, k) => {
      const path = `chapters[${c}].checkpoints[${k}]`;
      const p = prepareCheckpoint(frames, cp);
      if (!p.ok) errors.push({ path, message: p.error });
      else {
        const click = cp.ask.kind === 'click';
        for (const w of windows) {
          if (click && w.click && w.askAt === p.cp.askAt)
            errors.push({
              path: `${path}.at`,
              message: `a second click question on the frame of "${w.id}"`,
            });
        }
        windows.push({ id: cp.id, askAt: p.cp.askAt, click });
      }
      if (p.ok && from !== null && to !== null && (p.cp.askAt < from || p.cp.askAt >= to))
        errors.push({ path: `${path}.at`, message: 'the checkpoint is not inside its chapter' });
      // Its reveal too: a chapter's stage never shows a later chapter's state.
      else if (p.ok && to !== null && p.cp.revealAt > to)
        errors.push({
          path: `${path}.after`,
          message: 'the checkpoint is revealed after its chapter ends',
        });
    });
  });
  return errors;
}
