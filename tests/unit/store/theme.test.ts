import { beforeEach, describe, expect, test } from 'vitest';
import {
  nextThemePreference,
  selectEffectiveTheme,
  type ThemePreference,
} from '../../../src/store/slices/themeSlice';
import { mergePersistedUi, useUiStore } from '../../../src/store/uiStore';

describe('theme slice', () => {
  beforeEach(() => useUiStore.setState({ themePreference: 'system', systemTheme: 'light' }));

  test('follows the system until the user picks a theme', () => {
    useUiStore.getState().setSystemTheme('dark');
    expect(selectEffectiveTheme(useUiStore.getState())).toBe('dark');
    useUiStore.getState().setThemePreference('light');
    expect(selectEffectiveTheme(useUiStore.getState())).toBe('light');
    useUiStore.getState().setSystemTheme('light');
    useUiStore.getState().setThemePreference('dark');
    expect(selectEffectiveTheme(useUiStore.getState())).toBe('dark');
  });

  test('the toggle visits the other theme, the system theme forced, then the system again', () => {
    const seen: string[] = [];
    let p: ThemePreference = nextThemePreference('system', 'light');
    for (let i = 0; i < 3; i++) {
      seen.push(p);
      p = nextThemePreference(p, 'light');
    }
    expect(seen).toEqual(['dark', 'light', 'system']);
    expect(nextThemePreference('system', 'dark')).toBe('light');
  });

  test('a corrupted persisted value falls back to the system theme', () => {
    const merge = mergePersistedUi;
    const current = useUiStore.getState();
    expect(merge({ themePreference: '<script>' }, current).themePreference).toBe('system');
    expect(merge(null, current).themePreference).toBe('system');
    expect(merge({ themePreference: 'dark' }, current).themePreference).toBe('dark');
  });
});
