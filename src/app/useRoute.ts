import { useCallback, useEffect, useState } from 'react';
import { GMEM_COMPARE_PREFIX } from '../scenarios/comparisons/route';
import { learnRouteOf, type LearnRoute } from '../scenarios/walkthroughs/route';

/** The app's pages. The player is the default; the others have a fragment of their own. */
export type Page = 'player' | 'gallery' | 'editor' | 'invariants' | 'compare' | 'learn';

const FRAGMENTS: Record<Exclude<Page, 'player'>, string> = {
  gallery: '#gallery',
  editor: '#edit',
  invariants: '#invariants',
  compare: '#compare',
  learn: '#learn',
};

/** `#inv=INV-P1`: the invariants page, at one invariant (a violation links there). */
const INVARIANT_PREFIX = '#inv=';

/** The page a URL fragment shows (a scenario link `#s=…` plays, like no fragment). */
export function pageOf(hash: string): Page {
  if (hash === FRAGMENTS.gallery) return 'gallery';
  if (hash === FRAGMENTS.editor) return 'editor';
  if (hash === FRAGMENTS.compare || hash.startsWith(GMEM_COMPARE_PREFIX)) return 'compare';
  if (hash === FRAGMENTS.invariants || hash.startsWith(INVARIANT_PREFIX)) return 'invariants';
  if (learnRouteOf(hash)) return 'learn';
  return 'player';
}

/** The invariant a fragment points at (`#inv=INV-P1` → `INV-P1`), if any. */
export function invariantOf(hash: string): string | null {
  if (!hash.startsWith(INVARIANT_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(INVARIANT_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

/** The HMM-vs-GMEM comparison a fragment opens (`#compare/gmem/<id>` → `<id>`), if any. */
export function comparisonOf(hash: string): string | null {
  if (!hash.startsWith(GMEM_COMPARE_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(GMEM_COMPARE_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

/**
 * Which page is shown, kept in the URL fragment so Back and Forward move between the gallery,
 * the editor and the player, and `…/#gallery` can be linked to.
 */
export function useRoute(): {
  page: Page;
  /** The invariant the address points at, on the invariants page. */
  invariant: string | null;
  /** The HMM-vs-GMEM comparison the address opens, on the compare page. */
  comparison: string | null;
  /** The walkthrough (or the list) the address opens, on the learn page. */
  learn: LearnRoute | null;
  /** Shows a page; `replace` swaps the history entry (a broken link is not kept in history). */
  go: (page: Page, options?: { replace?: boolean }) => void;
} {
  const [page, setPage] = useState<Page>(() => pageOf(window.location.hash));
  const [invariant, setInvariant] = useState(() => invariantOf(window.location.hash));
  const [comparison, setComparison] = useState(() => comparisonOf(window.location.hash));
  const [learn, setLearn] = useState(() => learnRouteOf(window.location.hash));
  useEffect(() => {
    const sync = () => {
      setPage(pageOf(window.location.hash));
      setLearn(learnRouteOf(window.location.hash));
      setInvariant(invariantOf(window.location.hash));
      setComparison(comparisonOf(window.location.hash));
    };
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);
  const go = useCallback((next: Page, options: { replace?: boolean } = {}) => {
    const hash = window.location.hash;
    // `#compare/gmem/<id>` is the compare page too; Compare in the header still goes to `#compare`
    // (and Learn to the list of walkthroughs).
    if (
      pageOf(hash) !== next ||
      (next === 'compare' && hash !== FRAGMENTS.compare) ||
      (next === 'learn' && hash !== FRAGMENTS.learn)
    ) {
      // The player drops the fragment (without reloading); a link's `#s=…` is not put back,
      // which would open it again.
      const url =
        next === 'player' ? window.location.pathname + window.location.search : FRAGMENTS[next];
      if (options.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    setPage(next);
    setInvariant(null);
    setComparison(null);
    setLearn(next === 'learn' ? { kind: 'list' } : null);
  }, []);
  return { page, invariant, comparison, learn, go };
}
