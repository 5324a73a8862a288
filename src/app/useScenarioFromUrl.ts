import { useCallback, useEffect, useRef, useState } from 'react';
import type { LinkPayload } from '../url/codec';
import type { BuiltinScenario } from './builtinScenarios';

/** Fragments that carry a scenario; the version after `s=` is the codec's to judge. */
export const LINK_HASH_PREFIX = '#s=';
/** Ids of scenarios opened from a link: never the id of a built-in one. */
export const LINK_ID_PREFIX = 'from-link-';

/** A link that could not be opened, and why (plain text lines, one per problem). */
export interface LinkError {
  readonly errors: readonly string[];
}

/** Where a link puts the reader: its micro-step and view options. */
export type LinkPlace = Pick<LinkPayload, 'at' | 'view'>;

export interface ScenariosFromUrl {
  /** Scenarios opened from links so far ("From link" entries), oldest first. */
  readonly scenarios: readonly BuiltinScenario[];
  /** The last link that failed, until dismissed or until a link opens. */
  readonly error: LinkError | null;
  /** Hides the error. */
  readonly dismiss: () => void;
}

type Decoded = { ok: true; payload: LinkPayload } | { ok: false; errors: string[] };

/**
 * Decodes a link into its payload or lines of explanation. The codec, zod and lz-string are
 * imported here, lazily, so they stay in a chunk that only a visit through a link loads.
 */
async function decode(fragment: string): Promise<Decoded> {
  try {
    const [{ decodeLink }, { formatError }] = await Promise.all([
      import('../url/codec'),
      import('../scenarios/load'),
    ]);
    const r = decodeLink(fragment);
    if (r.ok) return r;
    return { ok: false, errors: [r.error.message, ...(r.error.errors ?? []).map(formatError)] };
  } catch (e) {
    // A chunk that cannot load (offline after a deploy) must not break the app either.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [`the link decoder could not be loaded (${why})`] };
  }
}

/**
 * Opens the scenario in the URL fragment (`#s=1.…`) at startup and on every `hashchange`.
 * A valid link becomes a new "From link" entry and opens at its micro-step with its view
 * (`open(id, place)`); the scenarios already in the list stay, so nothing the user was looking
 * at is lost. A broken link changes nothing on stage and reports why (`onError`, `error`).
 */
export function useScenarioFromUrl(
  open: (id: string, place: LinkPlace) => void,
  onError?: () => void,
  /** The id of a scenario already offered that the linked document is (else null). */
  resolve?: (doc: LinkPayload['scenario']) => Promise<string | null>,
): ScenariosFromUrl {
  const [scenarios, setScenarios] = useState<readonly BuiltinScenario[]>([]);
  const [error, setError] = useState<LinkError | null>(null);
  // Fragment → its entry: the same link opened twice reopens one entry, not two.
  const opened = useRef(new Map<string, { id: string; place: LinkPlace }>());
  // Only the newest hash counts: an older decode that finishes late is dropped.
  const latest = useRef(0);
  const openRef = useRef(open);
  const errorRef = useRef(onError);
  const resolveRef = useRef(resolve);
  useEffect(() => {
    openRef.current = open;
    errorRef.current = onError;
    resolveRef.current = resolve;
  }, [open, onError, resolve]);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const fragment = window.location.hash;
      if (!fragment.startsWith(LINK_HASH_PREFIX)) return;
      const ticket = ++latest.current;
      const known = opened.current.get(fragment);
      if (known !== undefined) {
        setError(null);
        openRef.current(known.id, known.place);
        return;
      }
      const r = await decode(fragment);
      if (!live || ticket !== latest.current) return;
      if (!r.ok) {
        setError({ errors: r.errors });
        errorRef.current?.();
        return;
      }
      const place: LinkPlace = { at: r.payload.at, view: r.payload.view };
      // A link to a scenario already offered (a built-in one) opens that one, not a copy.
      const builtin = (await resolveRef.current?.(r.payload.scenario).catch(() => null)) ?? null;
      if (!live || ticket !== latest.current) return;
      const id = builtin ?? `${LINK_ID_PREFIX}${opened.current.size + 1}`;
      opened.current.set(fragment, { id, place });
      if (builtin === null) setScenarios((list) => [...list, { id, doc: r.payload.scenario }]);
      setError(null);
      openRef.current(id, place);
    };
    void load();
    const onHashChange = () => void load();
    window.addEventListener('hashchange', onHashChange);
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);

  const dismiss = useCallback(() => setError(null), []);
  return { scenarios, error, dismiss };
}
