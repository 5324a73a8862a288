/**
 * Walkthrough links: `#w=1.<lz-string>.<check>`, the walkthrough with its scenario inside
 * (a teacher's own walkthrough travels whole; a library one has a short `#learn/<id>`).
 * Bounded and checked like scenario links (codec.ts): never throws, every failure is one plain
 * sentence, and the contents are validated before anything runs.
 */
import LZString from 'lz-string';
import type { ScenarioDoc } from '../engine/trace';
import type { ScenarioError } from '../scenarios/load';
import { validateWalkthrough } from '../scenarios/walkthroughs/load';
import type { WalkthroughDoc } from '../scenarios/walkthroughs/schema';
import { linkCheck, MAX_FRAGMENT_LENGTH, MAX_JSON_LENGTH } from './codec';
import { lzDecompressUri } from './lzBounded';

export const WALKTHROUGH_LINK_PREFIX = '#w=1.';

export type WalkthroughLinkResult =
  | { ok: true; doc: WalkthroughDoc; scenario: ScenarioDoc }
  | { ok: false; message: string; errors?: readonly ScenarioError[] };

/** The link of a walkthrough; a library scenario it names is put inside, so the link stands alone. */
export function encodeWalkthroughLink(doc: WalkthroughDoc, scenario: ScenarioDoc): string {
  const body = LZString.compressToEncodedURIComponent(JSON.stringify({ ...doc, scenario }));
  return `${WALKTHROUGH_LINK_PREFIX}${body}.${linkCheck(body)}`;
}

const DAMAGED =
  'This walkthrough link is damaged or incomplete; it may have been cut short or changed when it was copied.';

export function decodeWalkthroughLink(fragment: string): WalkthroughLinkResult {
  if (fragment.length > MAX_FRAGMENT_LENGTH)
    return {
      ok: false,
      message: `This walkthrough link is too long to open (${fragment.length} characters).`,
    };
  const f = fragment.startsWith('#') ? fragment : `#${fragment}`;
  if (!f.startsWith(WALKTHROUGH_LINK_PREFIX)) {
    return /^#w=\d+\./.test(f)
      ? {
          ok: false,
          message:
            'This walkthrough link was made by a newer version of HMM Lab; reload the page and try again.',
        }
      : { ok: false, message: 'This is not an HMM Lab walkthrough link.' };
  }
  const rest = f.slice(WALKTHROUGH_LINK_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  if (dot < 0 || linkCheck(rest.slice(0, dot)) !== rest.slice(dot + 1))
    return { ok: false, message: DAMAGED };
  const z = lzDecompressUri(rest.slice(0, dot), MAX_JSON_LENGTH);
  if (!z.ok) return { ok: false, message: DAMAGED };
  let value: unknown;
  try {
    value = JSON.parse(z.text);
  } catch {
    return { ok: false, message: DAMAGED };
  }
  // A shared walkthrough carries its scenario: no library lookup.
  const r = validateWalkthrough(value, () => undefined);
  if (!r.ok) {
    const n = r.errors.length;
    return {
      ok: false,
      message: `The walkthrough in this link is not valid (${n} problem${n === 1 ? '' : 's'}).`,
      errors: r.errors,
    };
  }
  return r;
}
