/**
 * Progress kept on this device (localStorage): the chapter, the micro-step and the answers of
 * each walkthrough, so a student can close the tab and come back. What is read back is checked
 * field by field: a damaged or older entry starts the walkthrough afresh, never breaks it.
 */
import type { AnswerRecord, ChapterPlan, Session } from '../../scenarios/walkthroughs/session';
import type { Given } from '../../scenarios/walkthroughs';

const PREFIX = 'hmm-lab:walkthrough:';
const VERSION = 1;

export const progressKey = (id: string) => `${PREFIX}${id}`;

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isNat = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** A stored answer, if it has one of the three shapes. */
function givenOf(x: unknown): Given | null {
  if (!isObj(x)) return null;
  if (x.kind === 'number' && Number.isSafeInteger(x.value))
    return { kind: 'number', value: x.value as number };
  if (x.kind === 'choice' && isNat(x.index)) return { kind: 'choice', index: x.index };
  if (x.kind === 'click' && Array.isArray(x.keys) && x.keys.every((k) => typeof k === 'string'))
    return { kind: 'click', keys: x.keys as string[] };
  return null;
}

export function loadProgress(id: string, plan: readonly ChapterPlan[]): Session | null {
  let raw: unknown;
  try {
    const text = window.localStorage.getItem(progressKey(id));
    if (!text) return null;
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(raw) || raw.v !== VERSION || !isNat(raw.chapter) || !isNat(raw.position)) return null;
  const ch = plan[raw.chapter];
  if (!ch || raw.position < ch.from || raw.position > ch.to) return null;
  const ids = new Set(plan.flatMap((c) => c.checkpoints.map((k) => k.def.id)));
  const answers: Record<string, AnswerRecord> = {};
  const tries: Record<string, number> = {};
  if (isObj(raw.answers))
    for (const [k, r] of Object.entries(raw.answers)) {
      if (!ids.has(k) || !isObj(r) || typeof r.correct !== 'boolean' || !isNat(r.attempts))
        continue;
      const feedback = Array.isArray(r.feedback)
        ? r.feedback.filter((f): f is string => typeof f === 'string')
        : [];
      answers[k] = {
        given: givenOf(r.given),
        correct: r.correct,
        skipped: r.skipped === true,
        attempts: r.attempts,
        feedback,
      };
    }
  if (isObj(raw.tries))
    for (const [k, n] of Object.entries(raw.tries)) if (ids.has(k) && isNat(n)) tries[k] = n;
  return { chapter: raw.chapter, position: raw.position, answers, tries, done: raw.done === true };
}

export function saveProgress(id: string, s: Session): void {
  try {
    window.localStorage.setItem(progressKey(id), JSON.stringify({ v: VERSION, ...s }));
  } catch {
    // Storage full or disabled (private mode): the walkthrough still works, it just forgets.
  }
}

export function clearProgress(id: string): void {
  try {
    window.localStorage.removeItem(progressKey(id));
  } catch {
    // As above.
  }
}
