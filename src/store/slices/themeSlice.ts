import type { StateCreator } from 'zustand';
import type { UiState } from '../uiStore';

/** What the user chose: follow the operating system, or force one theme. */
export type ThemePreference = 'system' | 'light' | 'dark';

export interface ThemeSlice {
  themePreference: ThemePreference;
  /** The system's colour scheme, kept current by the app from `prefers-color-scheme`. */
  systemTheme: 'light' | 'dark';
  setThemePreference: (preference: ThemePreference) => void;
  setSystemTheme: (theme: 'light' | 'dark') => void;
}

export const createThemeSlice: StateCreator<UiState, [], [], ThemeSlice> = (set) => ({
  themePreference: 'system',
  systemTheme: 'light',
  setThemePreference: (themePreference) => set({ themePreference }),
  setSystemTheme: (systemTheme) => set({ systemTheme }),
});

/** The theme actually shown. */
export const selectEffectiveTheme = (s: UiState): 'light' | 'dark' =>
  s.themePreference === 'system' ? s.systemTheme : s.themePreference;

/** The toggle cycles system → the opposite of the system → the system's own → back to system. */
export function nextThemePreference(current: ThemePreference, system: 'light' | 'dark') {
  const opposite = system === 'dark' ? 'light' : 'dark';
  if (current === 'system') return opposite;
  if (current === opposite) return system;
  return 'system';
}
