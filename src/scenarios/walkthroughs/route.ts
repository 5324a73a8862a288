/**
 * Where walkthroughs live in the URL. Apart from the index so the router (in the first visit's
 * JavaScript) does not pull the walkthroughs in.
 * - `#learn`: the list;
 * - `#learn/<id>`, `#learn/<id>/present`, `#learn/<id>/handout`: a library walkthrough, as a
 *   student, as a presenter, or as a printable handout;
 * - `#w=1.<compressed>.<check>`: a walkthrough shared by link, its scenario inside (url/).
 */
export const LEARN_HASH = '#learn';
export const SHARED_WALKTHROUGH_PREFIX = '#w=';

export type WalkMode = 'learn' | 'present' | 'handout';

export type LearnRoute =
  | { kind: 'list' }
  | { kind: 'library'; id: string; mode: WalkMode }
  | { kind: 'shared'; fragment: string };

const MODES: readonly WalkMode[] = ['present', 'handout'];

export function learnRouteOf(hash: string): LearnRoute | null {
  if (hash === LEARN_HASH || hash === `${LEARN_HASH}/`) return { kind: 'list' };
  if (hash.startsWith(SHARED_WALKTHROUGH_PREFIX)) return { kind: 'shared', fragment: hash };
  if (!hash.startsWith(`${LEARN_HASH}/`)) return null;
  const parts = hash.slice(LEARN_HASH.length + 1).split('/');
  let id: string;
  try {
    id = decodeURIComponent(parts[0] ?? '');
  } catch {
    return { kind: 'list' };
  }
  if (!id) return { kind: 'list' };
  const mode = MODES.find((m) => m === parts[1]) ?? 'learn';
  return { kind: 'library', id, mode };
}

export const walkthroughHref = (id: string, mode: WalkMode = 'learn') =>
  `${LEARN_HASH}/${encodeURIComponent(id)}${mode === 'learn' ? '' : `/${mode}`}`;
