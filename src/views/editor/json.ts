/**
 * Plain JSON values and immutable edits on them. The editor's model is the document as JSON,
 * not a validated ScenarioDoc: a draft is allowed to be wrong, and the form must still show it.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function asArray(v: unknown): Json[] | undefined {
  return Array.isArray(v) ? (v as Json[]) : undefined;
}

/** A path as the loader writes it: `steps[3].count` → `['steps', 3, 'count']`. */
export type PathKey = string | number;

/** `['steps', 3, 'count']` → `steps[3].count` (the loader's formatPath). */
export function pathString(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

/**
 * `root` with the value at `path` replaced; `undefined` removes an object key. Missing objects
 * on the way are created, so a form can fill in a document that lacks a section.
 */
export function setIn(root: unknown, path: readonly PathKey[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path as [PathKey, ...PathKey[]];
  if (typeof head === 'number') {
    const arr = [...(asArray(root) ?? [])];
    const next = setIn(arr[head], rest, value);
    arr[head] = next;
    return arr;
  }
  const obj: JsonObject = { ...(asObject(root) ?? {}) };
  if (rest.length === 0 && value === undefined) delete obj[head];
  else obj[head] = setIn(obj[head], rest, value);
  return obj;
}

/** `root` with `fn` applied to the array at `path` (an empty one if it is missing). */
export function updateArray(root: unknown, path: readonly PathKey[], fn: (a: Json[]) => Json[]) {
  let v: unknown = root;
  for (const k of path) v = typeof k === 'number' ? asArray(v)?.[k] : asObject(v)?.[k];
  return setIn(root, path, fn([...(asArray(v) ?? [])]));
}

/** Pretty JSON, the way the JSON view and the exported file show a document. */
export function toJsonText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export type Parsed = { ok: true; value: Json } | { ok: false; message: string };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
