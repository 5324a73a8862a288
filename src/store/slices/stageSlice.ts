import type { StateCreator } from 'zustand';
import type { UiState } from '../uiStore';

/**
 * Something on the stage a reader can inspect: a CPU or device page-table entry, an entry of
 * HMM's own mirror table (`hpt`, 2015 API), or a frame.
 */
export type InspectTarget =
  | { kind: 'pte'; proc: string; page: number }
  | { kind: 'dpt'; mirror: string; page: number }
  | { kind: 'hpt'; mirror: string; page: number }
  | { kind: 'frame'; index: number };

/** Zoom factors the stage steps through with its − / + buttons; 'fit' fits the width. */
export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export type Zoom = 'fit' | (typeof ZOOM_STEPS)[number];

export interface StageSlice {
  zoom: Zoom;
  setZoom: (zoom: Zoom) => void;
  /** Collapsed runs of untouched rows the reader opened (keys from geometry/collapse.ts). */
  expandedRanges: readonly string[];
  toggleRange: (key: string) => void;
  /** What the pointer or keyboard focus is on (shown while nothing is pinned). */
  hovered: InspectTarget | null;
  /** What the reader clicked to keep watching while stepping. */
  pinned: InspectTarget | null;
  setHovered: (target: InspectTarget | null) => void;
  /** Pins a target; pinning the pinned one again unpins it. */
  togglePinned: (target: InspectTarget) => void;
  clearInspect: () => void;
}

export const sameTarget = (a: InspectTarget | null, b: InspectTarget | null): boolean =>
  a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);

/** The next zoom step in a direction, from the current zoom (fit counts as 1). */
export function stepZoom(zoom: Zoom, direction: 1 | -1, fitScale = 1): Zoom {
  const current = zoom === 'fit' ? fitScale : zoom;
  const next =
    direction > 0
      ? ZOOM_STEPS.find((z) => z > current + 1e-6)
      : [...ZOOM_STEPS].reverse().find((z) => z < current - 1e-6);
  return next ?? (direction > 0 ? ZOOM_STEPS[ZOOM_STEPS.length - 1]! : ZOOM_STEPS[0]!);
}

export const createStageSlice: StateCreator<UiState, [], [], StageSlice> = (set, get) => ({
  zoom: 'fit',
  setZoom: (zoom) => set({ zoom }),
  expandedRanges: [],
  toggleRange: (key) => {
    const open = get().expandedRanges;
    set({
      expandedRanges: open.includes(key) ? open.filter((k) => k !== key) : [...open, key],
    });
  },
  hovered: null,
  pinned: null,
  setHovered: (hovered) => {
    if (!sameTarget(hovered, get().hovered) && (hovered !== null || get().hovered !== null))
      set({ hovered });
  },
  togglePinned: (target) =>
    set({ pinned: sameTarget(target, get().pinned) ? null : target, hovered: null }),
  clearInspect: () => set({ pinned: null, hovered: null }),
});
