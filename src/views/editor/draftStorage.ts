/**
 * The draft in localStorage. A draft is the user's work, so a stored one that cannot be read is
 * never dropped: it is moved to its own key (`hmm-lab:draft:corrupt:<time>`) and reported, and
 * the editor starts from the scenario on stage.
 */
import { SCENARIO_FORMAT } from '../../scenarios/schema';
import { type Json, asObject, parseJson, toJsonText } from './json';

export const DRAFT_KEY = 'hmm-lab:draft:v1';
export const CORRUPT_PREFIX = 'hmm-lab:draft:corrupt:';

/** What is stored: the document and, as typed, the JSON view's text (which may not parse). */
interface StoredDraft {
  readonly v: 1;
  readonly doc: Json;
  readonly text: string;
}

export type DraftLoad =
  | { kind: 'none' }
  | { kind: 'ok'; doc: Json; text: string }
  /** `asideKey`: where setAside() puts it (chosen here, so a re-render shows the same key). */
  | { kind: 'corrupt'; reason: string; raw: string; asideKey: string };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // Some browsers throw on access when storage is disabled.
  }
}

/** Why a stored value is not a draft, or null if it is one. */
function shapeProblem(value: Json): string | null {
  const o = asObject(value);
  if (!o) return 'it is not an object';
  // A bare scenario document (written by hand or by an older build) is accepted as a draft.
  if (o.format === SCENARIO_FORMAT) return null;
  if (o.v !== 1) return 'it has no version marker';
  if (typeof o.text !== 'string') return 'its text is missing';
  if (!asObject(o.doc)) return 'its document is not an object';
  return null;
}

/** Reads the stored draft. Pure: an unreadable one is only moved by setAside(). */
export function readDraft(now: number = Date.now()): DraftLoad {
  const store = storage();
  const raw = store?.getItem(DRAFT_KEY) ?? null;
  if (store === null || raw === null) return { kind: 'none' };
  const parsed = parseJson(raw);
  const problem = parsed.ok
    ? shapeProblem(parsed.value)
    : `it is not valid JSON (${parsed.message})`;
  if (problem !== null || !parsed.ok) {
    let asideKey = `${CORRUPT_PREFIX}${now}`;
    for (let i = 1; store.getItem(asideKey) !== null; i++)
      asideKey = `${CORRUPT_PREFIX}${now}-${i}`;
    return { kind: 'corrupt', reason: problem ?? 'unreadable', raw, asideKey };
  }
  const o = asObject(parsed.value)!;
  if (o.format === SCENARIO_FORMAT) return { kind: 'ok', doc: o, text: toJsonText(o) };
  const d = o as unknown as StoredDraft;
  const text = parseJson(d.text);
  // The text wins when it parses (it is what the user last typed), else the last good document.
  return { kind: 'ok', doc: text.ok ? text.value : d.doc, text: d.text };
}

/**
 * Moves an unreadable draft to its own key. Idempotent: it only acts while the draft key still
 * holds that text. Returns false if the browser refused (the draft then stays where it was).
 */
export function setAside(raw: string, asideKey: string): boolean {
  const store = storage();
  if (!store) return false;
  if (store.getItem(DRAFT_KEY) !== raw) return store.getItem(asideKey) === raw;
  try {
    store.setItem(asideKey, raw);
    store.removeItem(DRAFT_KEY);
    return true;
  } catch {
    return false;
  }
}

/** Saves the draft; returns an error sentence if the browser refused (e.g. storage full). */
export function saveDraft(doc: Json, text: string): string | null {
  const store = storage();
  if (!store) return 'this browser does not allow saving drafts';
  const value: StoredDraft = { v: 1, doc, text };
  try {
    store.setItem(DRAFT_KEY, JSON.stringify(value));
    return null;
  } catch (e) {
    return `the draft could not be saved (${(e as Error).name || 'storage error'})`;
  }
}
