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

type View = { left: number; top: number; width: number; height: number };

/**
 * Where to scroll so a step's changes are seen, or null when one already is on screen. The
 * change nearest the view is brought in: just past the edge when it is within a screen (the
 * drawing moves a little, the reader keeps their place), centred when it is further.
 */
export function followScroll(
  boxes: readonly Box[],
  view: View,
  scale: number,
  contentHeight: number,
): { top: number; left: number } | null {
  if (boxes.length === 0 || view.height === 0 || anyInView(boxes, view, scale)) return null;
  const gap = (b: Box) =>
    Math.max(view.top - (b.y + b.height) * scale, b.y * scale - (view.top + view.height), 0);
  const nearest = boxes.reduce((best, b) => (gap(b) < gap(best) ? b : best));
  const centred = scrollToCentre(nearest, view, scale);
  let top = centred.top;
  if (gap(nearest) < view.height) {
    // A quarter of a screen past the edge, so the row is not left at the very border.
    const margin = view.height / 4;
    top =
      nearest.y * scale < view.top
        ? nearest.y * scale - margin
        : (nearest.y + nearest.height) * scale + margin - view.height;
  }
  return {
    left: centred.left,
    top: Math.max(0, Math.min(top, contentHeight - view.height)),
  };
}
