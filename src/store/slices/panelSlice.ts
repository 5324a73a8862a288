import type { StateCreator } from 'zustand';
import type { UiState } from '../uiStore';

export interface PanelSlice {
  /** The keyboard-shortcuts dialog. */
  shortcutsOpen: boolean;
  setShortcutsOpen: (open: boolean) => void;
}

export const createPanelSlice: StateCreator<UiState, [], [], PanelSlice> = (set) => ({
  shortcutsOpen: false,
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
});
