import { useEffect, useState } from 'react';
import type { LibraryEntry } from '../scenarios/library/index';

export type LibraryState =
  | { status: 'loading' }
  | { status: 'ready'; entries: readonly LibraryEntry[] }
  | { status: 'failed'; why: string };

/**
 * The scenario library, loaded after the first render (it is a chunk of its own: the first
 * visit's JavaScript holds only the default scenario). `enabled` false (a caller that passes
 * its own scenarios, as tests and stories do) never loads it.
 */
export function useLibrary(enabled: boolean): LibraryState {
  const [state, setState] = useState<LibraryState>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    import('../scenarios/library/index').then(
      (m) => live && setState({ status: 'ready', entries: m.LIBRARY }),
      (e: unknown) =>
        live && setState({ status: 'failed', why: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return state;
}
