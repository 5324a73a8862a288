/**
 * Share links (docs/scenario-format.md, "Links"): the fragment `#s=1.<lz-string>.<check>`
 * carries a versioned payload `{"v":1,<packed scenario>,"at":<micro-step>,"view":{…}}`
 * compressed with lz-string's `compressToEncodedURIComponent` (packed: compact.ts), then a
 * check of the compressed text. Links made before the payload was versioned hold a bare
 * scenario document and no check; they still open.
 *
 * Decoding is bounded: fragments over MAX_FRAGMENT_LENGTH are refused before decompressing, and
 * decompression (lzBounded.ts) stops as soon as the JSON would pass MAX_JSON_LENGTH. It never
 * throws: every failure is a LinkError with a kind and one plain sentence for the reader.
 */
// lz-string is a CommonJS/UMD module: use its default export (works in Node, Vite and vitest).
import LZString from 'lz-string';
import type { ScenarioDoc } from '../engine/trace';
import { type ScenarioError, validateScenario } from '../scenarios/load';
import { lzDecompressUri } from './lzBounded';
import { packScenario, unpackScenario } from './compact';
import { isRecord, sanitizeView, type LinkView } from './view';

export { sanitizeView, VIEW_LIMITS, type LinkView } from './view';

export const LINK_PREFIX = '#s=1.';
/** @deprecated the old name of LINK_PREFIX. */
export const FRAGMENT_PREFIX = LINK_PREFIX;
/** The payload version this codec writes; links with a higher one are refused as newer. */
export const LINK_VERSION = 1;
/** Longest fragment accepted (characters, `#` included if given); checked before decompressing. */
export const MAX_FRAGMENT_LENGTH = 32 * 1024;
/** Longest decompressed JSON accepted (characters); decompression stops past it. */
export const MAX_JSON_LENGTH = 1024 * 1024;

/** `at` = timeline position (micro-step index, 0 = initial state). */
export interface LinkPayload {
  scenario: ScenarioDoc;
  at?: number;
  view?: LinkView;
}
export type LinkErrorKind =
  'not-a-link' | 'too-long' | 'damaged' | 'too-large' | 'newer-version' | 'invalid';
/** `message`: one plain sentence for a reader; `errors`: the validator's, for kind 'invalid'. */
export interface LinkError {
  kind: LinkErrorKind;
  message: string;
  errors?: readonly ScenarioError[];
}
export type DecodeLinkResult = { ok: true; payload: LinkPayload } | { ok: false; error: LinkError };

/** The old result shape of decodeScenario. */
export type DecodeResult =
  | { readonly ok: true; readonly doc: ScenarioDoc }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

const isAt = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * A check of the compressed text, so a changed or cut link is refused instead of opening as a
 * slightly different scenario (lz-string has no check of its own): FNV-1a, 32 bits, base 36.
 */
export function linkCheck(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/**
 * `#s=1.` + compressed `{"v":1,t,u,a,m,s,"at":n,"view":{…}}` (the scenario packed, see
 * compact.ts) + `.` + its check (linkCheck); `at` is left out when absent or 0,
 * `view` when it has no valid field (invalid fields are dropped, as decodeLink would).
 * Throws a RangeError when `at` is given but not a non-negative integer (a caller's bug).
 * The result may exceed MAX_FRAGMENT_LENGTH for a huge scenario: callers can check its length.
 */
export function encodeLink(p: LinkPayload): string {
  if (p.at !== undefined && !isAt(p.at)) {
    throw new RangeError(`link position must be a non-negative integer, got ${String(p.at)}`);
  }
  const view = sanitizeView(p.view);
  const json = JSON.stringify({
    v: LINK_VERSION,
    ...packScenario(p.scenario),
    ...(p.at ? { at: p.at } : {}),
    ...(view ? { view } : {}),
  });
  const body = LZString.compressToEncodedURIComponent(json);
  return `${LINK_PREFIX}${body}.${linkCheck(body)}`;
}

const fail = (kind: LinkErrorKind, message: string, errors?: readonly ScenarioError[]) => ({
  ok: false as const,
  error: errors ? { kind, message, errors } : { kind, message },
});

const NEWER =
  'This link was made by a newer version of HMM Lab; reload the page to get the latest version and try again.';
const DAMAGED =
  'This link is damaged or incomplete; it may have been cut short or changed when it was copied.';

/**
 * Decodes a fragment (with or without the leading `#`). Never throws. Kinds: `not-a-link` (no
 * `#s=1.` prefix), `too-long` (over MAX_FRAGMENT_LENGTH), `damaged` (does not decompress to
 * JSON), `too-large` (JSON over MAX_JSON_LENGTH), `newer-version` (`v` > 1, or a prefix
 * `#s=2.` and up), `invalid` (the scenario fails validation — `errors` has the validator's
 * list — or `at` is not a non-negative integer). An invalid view field is dropped, not an error.
 */
export function decodeLink(fragment: string): DecodeLinkResult {
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    return fail(
      'too-long',
      `This link is too long to open (${fragment.length} characters; the limit is ${MAX_FRAGMENT_LENGTH}).`,
    );
  }
  const f = fragment.startsWith('#') ? fragment : `#${fragment}`;
  if (!f.startsWith(LINK_PREFIX)) {
    const version = /^#s=(\d+)\./.exec(f)?.[1];
    if (version !== undefined && Number(version) > LINK_VERSION)
      return fail('newer-version', NEWER);
    return fail(
      'not-a-link',
      `This is not an HMM Lab scenario link (it should start with ${LINK_PREFIX}).`,
    );
  }
  // `<compressed>.<check>`; links made before the check have none (and hold a bare document).
  const rest = f.slice(LINK_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const body = dot < 0 ? rest : rest.slice(0, dot);
  const checked0 = dot >= 0 && linkCheck(body) === rest.slice(dot + 1);
  const z = lzDecompressUri(body, MAX_JSON_LENGTH);
  if (!z.ok) {
    return z.reason === 'too-large'
      ? fail(
          'too-large',
          `The scenario in this link is too large to open (over ${MAX_JSON_LENGTH} characters of JSON).`,
        )
      : fail('damaged', DAMAGED);
  }
  let value: unknown;
  try {
    value = JSON.parse(z.text);
  } catch {
    return fail('damaged', DAMAGED);
  }
  if (!isRecord(value)) return fail('damaged', DAMAGED);
  // Links made before the payload was versioned hold a bare scenario document.
  const bare = !('v' in value) && 'format' in value;
  if (!bare) {
    const v = value.v;
    // A newer version's link is told apart first: its check may be of another kind.
    if (typeof v === 'number' && v > LINK_VERSION) return fail('newer-version', NEWER);
  }
  // A v1 payload always comes with its check; a bare document (older links) may have none.
  if ((!bare || dot >= 0) && !checked0) return fail('damaged', DAMAGED);
  if (!bare) {
    const v = value.v;
    if (v !== LINK_VERSION) {
      return fail(
        'invalid',
        'This link does not hold an HMM Lab scenario in a format this version knows.',
      );
    }
  }
  let checked: ReturnType<typeof validateScenario>;
  try {
    // The packed form (`m`, `s` as rows); a document under `s` is accepted as well.
    const doc = bare ? value : isRecord(value.s) ? value.s : unpackScenario(value);
    checked = validateScenario(doc);
  } catch {
    // The validator is not supposed to throw; if it ever does, the link still must not.
    checked = { ok: false, errors: [{ path: '', message: 'the scenario could not be checked' }] };
  }
  if (!checked.ok) {
    // The details (which may quote the link's own text) are in `errors`, not in the sentence.
    const n = checked.errors.length;
    return fail(
      'invalid',
      `The scenario in this link is not valid (${n} problem${n === 1 ? '' : 's'}).`,
      checked.errors,
    );
  }
  if (bare) return { ok: true, payload: { scenario: checked.doc } };
  const payload: LinkPayload = { scenario: checked.doc };
  if (value.at !== undefined) {
    if (!isAt(value.at)) {
      return fail(
        'invalid',
        'The timeline position in this link is not a whole number of steps from the start.',
      );
    }
    payload.at = value.at;
  }
  const view = sanitizeView(value.view);
  if (view) payload.view = view;
  return { ok: true, payload };
}

/** Kept for existing callers: `encodeLink({ scenario: doc })`. */
export function encodeScenario(doc: ScenarioDoc): string {
  return encodeLink({ scenario: doc });
}

/** Kept for existing callers: decodeLink in the old `{ok, doc} | {ok:false, errors}` shape. */
export function decodeScenario(fragment: string): DecodeResult {
  const r = decodeLink(fragment);
  if (r.ok) return { ok: true, doc: r.payload.scenario };
  return { ok: false, errors: r.error.errors ?? [{ path: '', message: r.error.message }] };
}
