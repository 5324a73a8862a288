/**
 * Shareable URLs: a scenario travels in the fragment as `#s=1.<lz-string>`. The `1.` is the
 * codec version, so a later codec can be told apart. Decoding is bounded: long fragments and
 * oversized decompressed documents are refused before any JSON parsing.
 */
// lz-string is a CommonJS/UMD module: use its default export (works in Node, Vite and vitest).
import LZString from 'lz-string';
import type { ScenarioDoc } from '../engine/trace';
import { type ScenarioError, validateScenario } from '../scenarios/load';

export const FRAGMENT_PREFIX = '#s=1.';
/** Longest fragment accepted (characters). */
export const MAX_FRAGMENT_LENGTH = 64 * 1024;
/** Longest decompressed JSON accepted (characters). */
export const MAX_JSON_LENGTH = 1024 * 1024;

export type DecodeResult =
  | { readonly ok: true; readonly doc: ScenarioDoc }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** `#s=1.` + lz-string LZString.compressToEncodedURIComponent(JSON). */
export function encodeScenario(doc: ScenarioDoc): string {
  return FRAGMENT_PREFIX + LZString.compressToEncodedURIComponent(JSON.stringify(doc));
}

function fail(message: string): DecodeResult {
  return { ok: false, errors: [{ path: '', message }] };
}

/** Decodes and validates a fragment (with or without the leading `#`). */
export function decodeScenario(fragment: string): DecodeResult {
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    return fail(
      `the link is too long (${fragment.length} characters, at most ${MAX_FRAGMENT_LENGTH})`,
    );
  }
  const f = fragment.startsWith('#') ? fragment : `#${fragment}`;
  if (!f.startsWith(FRAGMENT_PREFIX))
    return fail(`not a scenario link (expected "${FRAGMENT_PREFIX}…")`);
  const payload = f.slice(FRAGMENT_PREFIX.length);
  if (!/^[A-Za-z0-9+\-$]*$/.test(payload))
    return fail('the link contains characters lz-string never produces');
  let json: string | null;
  try {
    json = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    json = null;
  }
  if (json === null || json === '') return fail('the link is damaged (it does not decompress)');
  if (json.length > MAX_JSON_LENGTH) return fail('the scenario in the link is too large');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return fail('the link is damaged (it does not hold JSON)');
  }
  return validateScenario(value);
}
