/**
 * The editor's state and its reducer, with undo/redo. A snapshot is the document, its JSON
 * text (kept as the user typed it, even when it does not parse) and one stable id per step, so
 * React keeps each step's inputs when steps move. Bursts of typing into the same field (or the
 * JSON view) are coalesced into one undo entry, as text editors do.
 */
import {
  type Json,
  type PathKey,
  asArray,
  asObject,
  parseJson,
  pathString,
  setIn,
  toJsonText,
  updateArray,
} from './json';

export interface Snapshot {
  /** The document the form shows: the last JSON text that parsed. */
  readonly doc: Json;
  /** The JSON view's text; may not parse (then `parseError` says why). */
  readonly text: string;
  readonly ids: readonly number[];
}

export interface EditorState extends Snapshot {
  readonly parseError: string | null;
  readonly past: readonly Snapshot[];
  readonly future: readonly Snapshot[];
  readonly nextId: number;
  /** What the last edit touched and when, to coalesce a burst of typing. */
  readonly lastKey: string | null;
  readonly lastAt: number;
}

export type EditorAction =
  /** A form edit: the whole new document; `key` names the field, for coalescing. */
  | { type: 'edit'; doc: Json; key?: string; at: number }
  /** A form edit of one value (`undefined` removes an object key); coalesced per path. */
  | {
      type: 'set';
      path: readonly PathKey[];
      value: Json | undefined;
      at: number;
      /** A structural change (add/remove a device, change an op): never merged with another. */
      discrete?: boolean;
    }
  | { type: 'text'; text: string; at: number }
  | { type: 'add-step'; step: Json; at: number }
  | { type: 'remove-step'; index: number; at: number }
  | { type: 'duplicate-step'; index: number; at: number }
  | { type: 'move-step'; index: number; delta: -1 | 1; at: number }
  /** New / reset / import: a whole new document, one undo entry. */
  | { type: 'replace'; doc: Json; at: number }
  | { type: 'undo' }
  | { type: 'redo' };

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1000;

const stepCount = (doc: unknown) => asArray(asObject(doc)?.steps)?.length ?? 0;

/** Ids for `n` steps, keeping the first ones of `ids` (a JSON edit cannot say what moved). */
function fitIds(ids: readonly number[], n: number, nextId: number) {
  const out = ids.slice(0, n);
  let next = nextId;
  while (out.length < n) out.push(next++);
  return { ids: out, nextId: next };
}

export function initialState(doc: Json, text = toJsonText(doc)): EditorState {
  const parsed = parseJson(text);
  const { ids, nextId } = fitIds([], stepCount(doc), 0);
  return {
    doc: parsed.ok ? parsed.value : doc,
    text,
    ids,
    parseError: parsed.ok ? null : parsed.message,
    past: [],
    future: [],
    nextId,
    lastKey: null,
    lastAt: 0,
  };
}

/** Records `next` as the present, pushing the current present onto the undo stack. */
function commit(
  s: EditorState,
  next: Snapshot & { parseError?: string | null; nextId?: number },
  key: string | null,
  at: number,
): EditorState {
  const coalesce = key !== null && key === s.lastKey && at - s.lastAt < COALESCE_MS;
  const current: Snapshot = { doc: s.doc, text: s.text, ids: s.ids };
  return {
    ...s,
    doc: next.doc,
    text: next.text,
    ids: next.ids,
    parseError: next.parseError ?? null,
    nextId: next.nextId ?? s.nextId,
    past: coalesce ? s.past : [...s.past, current].slice(-HISTORY_LIMIT),
    future: [],
    lastKey: key,
    lastAt: at,
  };
}

/** The document with its steps array changed by `fn`, and the ids changed the same way. */
function editSteps(
  s: EditorState,
  at: number,
  fn: <T>(items: T[], fresh: () => T) => T[],
  fresh: () => Json,
): EditorState {
  let nextId = s.nextId;
  const ids = fn([...s.ids], () => nextId++);
  const doc = updateArray(s.doc, ['steps'], (steps) => fn(steps, fresh));
  return commit(s, { doc, text: toJsonText(doc), ids, nextId }, null, at);
}

function restore(s: EditorState, snap: Snapshot): EditorState {
  const parsed = parseJson(snap.text);
  return { ...s, ...snap, parseError: parsed.ok ? null : parsed.message, lastKey: null };
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'edit':
    case 'replace': {
      const fit = fitIds(s.ids, stepCount(a.doc), s.nextId);
      const key = a.type === 'edit' ? (a.key ?? null) : null;
      return commit(s, { doc: a.doc, text: toJsonText(a.doc), ...fit }, key, a.at);
    }
    case 'set': {
      const doc = setIn(s.doc, a.path, a.value);
      const fit = fitIds(s.ids, stepCount(doc), s.nextId);
      const key = a.discrete ? null : pathString(a.path);
      return commit(s, { doc, text: toJsonText(doc), ...fit }, key, a.at);
    }
    case 'text': {
      if (a.text === s.text) return s;
      const parsed = parseJson(a.text);
      // Invalid JSON keeps the last document: the form shows it (read-only) until the text parses.
      const doc = parsed.ok ? parsed.value : s.doc;
      const fit = fitIds(s.ids, stepCount(doc), s.nextId);
      const parseError = parsed.ok ? null : parsed.message;
      return commit(s, { doc, text: a.text, parseError, ...fit }, 'json', a.at);
    }
    case 'add-step':
      return editSteps(
        s,
        a.at,
        (items, fresh) => [...items, fresh()],
        () => a.step,
      );
    case 'remove-step':
      return editSteps(
        s,
        a.at,
        (items) => items.filter((_, i) => i !== a.index),
        () => null,
      );
    case 'duplicate-step': {
      const step = asArray(asObject(s.doc)?.steps)?.[a.index];
      if (step === undefined) return s;
      const copy = JSON.parse(JSON.stringify(step)) as Json;
      return editSteps(
        s,
        a.at,
        (items, fresh) => [...items.slice(0, a.index + 1), fresh(), ...items.slice(a.index + 1)],
        () => copy,
      );
    }
    case 'move-step': {
      const to = a.index + a.delta;
      if (to < 0 || to >= stepCount(s.doc)) return s;
      return editSteps(
        s,
        a.at,
        (items) => {
          const out = [...items];
          [out[a.index], out[to]] = [out[to]!, out[a.index]!];
          return out;
        },
        () => null,
      );
    }
    case 'undo': {
      const prev = s.past.at(-1);
      if (!prev) return s;
      const current: Snapshot = { doc: s.doc, text: s.text, ids: s.ids };
      return { ...restore(s, prev), past: s.past.slice(0, -1), future: [current, ...s.future] };
    }
    case 'redo': {
      const next = s.future[0];
      if (!next) return s;
      const current: Snapshot = { doc: s.doc, text: s.text, ids: s.ids };
      return { ...restore(s, next), past: [...s.past, current], future: s.future.slice(1) };
    }
  }
}
