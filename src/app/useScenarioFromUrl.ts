import { useCallback, useEffect, useRef, useState } from 'react';
import type { BuiltinScenario } from './builtinScenarios';

/** Fragments that carry a scenario; the version after `s=` is the codec's to judge. */
export const LINK_HASH_PREFIX = '#s=';
/** Ids of scenarios opened from a link: never the id of a built-in one. */
export const LINK_ID_PREFIX = 'from-link-';

/** A link that could not be opened, and why (plain text lines, one per problem). */
export interface LinkError {
  readonly errors: readonly string[];
}

export interface ScenariosFromUrl {
  /** Scenarios opened from links so far ("From link" entries), oldest first. */
  readonly scenarios: readonly BuiltinScenario[];
  /** The last link that failed, until dismissed or until a link opens. */
  readonly error: LinkError | null;
  /** Hides the error. */
  readonly dismiss: () => void;
}

/** What the picker shows for a scenario: link entries say where they came from. */
export function pickerOption(s: BuiltinScenario): { id: string; title: string } {
  return {
    id: s.id,
    title: s.id.startsWith(LINK_ID_PREFIX) ? `From link: ${s.doc.title}` : s.doc.title,
  };
}

/**
 * Decodes the codec's errors into lines. The codec, zod and lz-string are imported here, lazily,
 * so they stay in a chunk of their own that only a visit through a link ever loads.
 */
async function decode(
  fragment: string,
): Promise<{ ok: true; doc: BuiltinScenario['doc'] } | { ok: false; errors: string[] }> {
  try {
    const [{ decodeScenario }, { formatError }] = await Promise.all([
      import('../url/codec'),
      import('../scenarios/load'),
    ]);
    const r = decodeScenario(fragment);
    return r.ok ? r : { ok: false, errors: r.errors.map(formatError) };
  } catch (e) {
    // A chunk that cannot load (offline after a deploy) must not break the app either.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [`the link decoder could not be loaded (${why})`] };
  }
}

/**
 * Opens the scenario in the URL fragment (`#s=1.…`) at startup and on every `hashchange`.
 * A valid link becomes a new "From link" entry and opens (`open(id)`); the scenarios already in
 * the list stay, so nothing the user was looking at is lost. A broken link changes nothing on
 * stage and reports why through `error`.
 */
export function useScenarioFromUrl(open: (id: string) => void): ScenariosFromUrl {
  const [scenarios, setScenarios] = useState<readonly BuiltinScenario[]>([]);
  const [error, setError] = useState<LinkError | null>(null);
  // Fragment → id of its entry: the same link opened twice reopens one entry, not two.
  const opened = useRef(new Map<string, string>());
  // Only the newest hash counts: an older decode that finishes late is dropped.
  const latest = useRef(0);
  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  }, [open]);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const fragment = window.location.hash;
      if (!fragment.startsWith(LINK_HASH_PREFIX)) return;
      const ticket = ++latest.current;
      const known = opened.current.get(fragment);
      if (known !== undefined) {
        setError(null);
        openRef.current(known);
        return;
      }
      const r = await decode(fragment);
      if (!live || ticket !== latest.current) return;
      if (!r.ok) {
        setError({ errors: r.errors });
        return;
      }
      const id = `${LINK_ID_PREFIX}${opened.current.size + 1}`;
      opened.current.set(fragment, id);
      setScenarios((list) => [...list, { id, doc: r.doc }]);
      setError(null);
      openRef.current(id);
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
