import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createMotionSlice, type MotionSlice } from './slices/motionSlice';
import { createPanelSlice, type PanelSlice } from './slices/panelSlice';
import { createStageSlice, type StageSlice } from './slices/stageSlice';
import { createThemeSlice, type ThemeSlice } from './slices/themeSlice';

/**
 * UI state only: theme, motion, open panels, how the stage is viewed (zoom, expanded ranges,
 * what is inspected). Never a copy of the engine's state or the player's position — those live
 * in their machines and are read from there.
 */
export type UiState = ThemeSlice & MotionSlice & PanelSlice & StageSlice;

/**
 * Restores what was persisted. A corrupted or hand-edited entry must never break the app, so
 * only known values are kept.
 */
export function mergePersistedUi(persisted: unknown, current: UiState): UiState {
  const p = (persisted ?? {}) as Partial<UiState>;
  const ok = p.themePreference === 'light' || p.themePreference === 'dark';
  return { ...current, themePreference: ok ? p.themePreference! : 'system' };
}

/** Slices are combined once; middleware only here (zustand's slices pattern). */
export const useUiStore = create<UiState>()(
  persist(
    (...a) => ({
      ...createThemeSlice(...a),
      ...createMotionSlice(...a),
      ...createPanelSlice(...a),
      ...createStageSlice(...a),
    }),
    {
      name: 'hmm-lab:ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Only the user's explicit choices persist; what the system reports is read afresh.
      partialize: (s) => ({ themePreference: s.themePreference }),
      merge: mergePersistedUi,
    },
  ),
);
