import type { StateCreator } from 'zustand';
import type { UiState } from '../uiStore';

export interface MotionSlice {
  /** `prefers-reduced-motion: reduce`: transitions become instant, nothing slides or fades. */
  reducedMotion: boolean;
  setReducedMotion: (reduced: boolean) => void;
}

export const createMotionSlice: StateCreator<UiState, [], [], MotionSlice> = (set) => ({
  reducedMotion: false,
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
});
