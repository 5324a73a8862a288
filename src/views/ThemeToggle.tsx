import { nextThemePreference, type ThemePreference } from '../store/slices/themeSlice';
import { useUiStore } from '../store/uiStore';
import { MoonIcon, SunIcon, SystemIcon } from './icons';

const LABEL: Record<ThemePreference, string> = {
  system: 'Theme: follows the system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

/** Cycles the theme between the system's, light and dark; the label says which is active. */
export function ThemeToggle() {
  const preference = useUiStore((s) => s.themePreference);
  const system = useUiStore((s) => s.systemTheme);
  const setPreference = useUiStore((s) => s.setThemePreference);
  const next = nextThemePreference(preference, system);
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      data-preference={preference}
      aria-label={`${LABEL[preference]}. Switch to ${next === 'system' ? 'the system theme' : next}`}
      title={LABEL[preference]}
      onClick={() => setPreference(next)}
    >
      {preference === 'system' ? (
        <SystemIcon />
      ) : preference === 'dark' ? (
        <MoonIcon />
      ) : (
        <SunIcon />
      )}
    </button>
  );
}
