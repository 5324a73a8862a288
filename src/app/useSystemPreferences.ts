import { useEffect } from 'react';
import { selectEffectiveTheme } from '../store/slices/themeSlice';
import { useUiStore } from '../store/uiStore';

function watchMedia(query: string, onChange: (matches: boolean) => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const mql = window.matchMedia(query);
  onChange(mql.matches);
  const listener = (e: MediaQueryListEvent) => onChange(e.matches);
  mql.addEventListener('change', listener);
  return () => mql.removeEventListener('change', listener);
}

/**
 * Keeps the UI store in step with the system's colour scheme and reduced-motion setting, and
 * puts the effective theme on <html> so CSS and the views agree on it.
 */
export function useSystemPreferences(): void {
  const setSystemTheme = useUiStore((s) => s.setSystemTheme);
  const setReducedMotion = useUiStore((s) => s.setReducedMotion);
  const preference = useUiStore((s) => s.themePreference);
  const effective = useUiStore(selectEffectiveTheme);
  const reducedMotion = useUiStore((s) => s.reducedMotion);

  useEffect(
    () =>
      watchMedia('(prefers-color-scheme: dark)', (dark) => setSystemTheme(dark ? 'dark' : 'light')),
    [setSystemTheme],
  );
  useEffect(
    () => watchMedia('(prefers-reduced-motion: reduce)', setReducedMotion),
    [setReducedMotion],
  );

  useEffect(() => {
    const root = document.documentElement;
    // With "system", CSS follows the media query by itself; a forced theme overrides it.
    if (preference === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', preference);
    root.dataset.effectiveTheme = effective;
  }, [preference, effective]);

  useEffect(() => {
    document.documentElement.dataset.motion = reducedMotion ? 'reduce' : 'full';
  }, [reducedMotion]);
}
