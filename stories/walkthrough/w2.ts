/**
 * The w2-migration walkthrough laid on its real timeline, as the walkthrough page lays it:
 * the stories take its checkpoints, and their right answers as the engine computes them.
 */
import { buildTimeline } from '../../src/app/buildTimeline';
import { grade, walkthroughById, type Given } from '../../src/scenarios/walkthroughs';
import { planWalkthrough } from '../../src/scenarios/walkthroughs/session';

export const W2_ID = 'w2-migration';

const entry = walkthroughById(W2_ID);
if (!entry?.load.ok) throw new Error(`${W2_ID} does not load: it is a library walkthrough`);
export const W2_DOC = entry.load.doc;
export const W2_TIMELINE = buildTimeline(entry.load.scenario);
const plan = planWalkthrough(W2_DOC, W2_TIMELINE.frames);
if (!plan) throw new Error(`${W2_ID} does not fit its scenario`);
export const W2_PLAN = plan;

/** One checkpoint of w2: its definition and where/what the engine says (askAt, correct, fn). */
export function w2Checkpoint(id: string) {
  const c = W2_PLAN.flatMap((ch) => ch.checkpoints).find((k) => k.def.id === id);
  if (!c) throw new Error(`no checkpoint ${id} in ${W2_ID}`);
  return c;
}

/** The record the session would keep for this answer (graded by the real grader). */
export function w2Record(id: string, given: Given) {
  const c = w2Checkpoint(id);
  const g = grade(c.def, c.prep, given, W2_TIMELINE.frames);
  return { given, correct: g.correct, skipped: false, feedback: g.feedback };
}

/** Every checkpoint of w2, in order. */
export const W2_QUESTIONS = W2_PLAN.flatMap((ch) => ch.checkpoints.map((c) => c.def));
