import { useCallback, useEffect, useState } from 'react';

/** The app's pages. The player is the default; the others have a fragment of their own. */
export type Page = 'player' | 'gallery' | 'editor';

const FRAGMENTS: Record<Exclude<Page, 'player'>, string> = {
  gallery: '#gallery',
  editor: '#edit',
};

/** The page a URL fragment shows (a scenario link `#s=…` plays, like no fragment). */
export function pageOf(hash: string): Page {
  if (hash === FRAGMENTS.gallery) return 'gallery';
  if (hash === FRAGMENTS.editor) return 'editor';
  return 'player';
}

/**
 * Which page is shown, kept in the URL fragment so Back and Forward move between the gallery,
 * the editor and the player, and `…/#gallery` can be linked to.
 */
export function useRoute(): {
  page: Page;
  /** Shows a page; `replace` swaps the history entry (a broken link is not kept in history). */
  go: (page: Page, options?: { replace?: boolean }) => void;
} {
  const [page, setPage] = useState<Page>(() => pageOf(window.location.hash));
  useEffect(() => {
    const sync = () => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);
  const go = useCallback((next: Page, options: { replace?: boolean } = {}) => {
    if (pageOf(window.location.hash) !== next) {
      // The player drops the fragment (without reloading); a link's `#s=…` is not put back,
      // which would open it again.
      const url =
        next === 'player' ? window.location.pathname + window.location.search : FRAGMENTS[next];
      if (options.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    setPage(next);
  }, []);
  return { page, go };
}
