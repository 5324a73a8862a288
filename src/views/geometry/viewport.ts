/**
 * Zoom and the visible band of the stage, as numbers (no DOM): the viewport component feeds in
 * its scroll position and size and draws what these return.
 */
import type { Box } from './stageLayout';

/** Below this width (px) labels get too small to read: the stage scrolls sideways instead. */
export const MIN_STAGE_PX = 760;

/** 'fit' fits the stage's width to the viewport, never enlarging it and never below MIN_STAGE_PX. */
export function stageScale(zoom: 'fit' | number, viewportWidth: number, layoutWidth: number) {
  if (zoom !== 'fit') return zoom;
  if (viewportWidth <= 0 || layoutWidth <= 0) return 1;
  const floor = Math.min(1, MIN_STAGE_PX / layoutWidth);
  return Math.max(floor, Math.min(1, viewportWidth / layoutWidth));
}

/** Rows are drawn in bands of this many layout units, so scrolling re-renders rarely. */
export const BAND = 400;

/**
 * The band of layout units to draw for a scroll position: what is on screen plus at least a
 * third of a screen either side, snapped to BAND so small scrolls keep the same band.
 */
export function visibleBand(scrollTop: number, viewportHeight: number, scale: number) {
  const top = scrollTop / scale;
  const bottom = (scrollTop + viewportHeight) / scale;
  const margin = (bottom - top) / 3;
  return {
    top: Math.max(0, Math.floor((top - margin) / BAND) * BAND),
    bottom: Math.ceil((bottom + margin) / BAND) * BAND,
  };
}

/** Whether any of `boxes` is (partly) inside the scrolled view. */
export function anyInView(
  boxes: readonly Box[],
  view: { left: number; top: number; width: number; height: number },
  scale: number,
): boolean {
  return boxes.some(
    (b) =>
      b.x * scale < view.left + view.width &&
      (b.x + b.width) * scale > view.left &&
      b.y * scale < view.top + view.height &&
      (b.y + b.height) * scale > view.top,
  );
}

/** The scroll position that centres a box vertically (and brings it in horizontally). */
export function scrollToCentre(
  box: Box,
  view: { left: number; width: number; height: number },
  scale: number,
) {
  const top = Math.max(0, (box.y + box.height / 2) * scale - view.height / 2);
  let left = view.left;
  if (box.x * scale < view.left) left = Math.max(0, box.x * scale - 16);
  else if ((box.x + box.width) * scale > view.left + view.width)
    left = (box.x + box.width) * scale - view.width + 16;
  return { top, left };
}
