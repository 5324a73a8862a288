/**
 * Where a copied page's contents travel on screen: from the source frame's row to the
 * destination's, along a curve that bulges out to the right of the memory column so it never
 * runs over the rows in between. Pure, so the animation is a function of t in [0, 1].
 */
import type { Box } from './stageLayout';

export type Point = readonly [number, number];

/** How far right of the memory column the curve reaches (layout units). */
export const COPY_BULGE = 70;

/** The point at `t` of the quadratic curve from `from`'s row to `to`'s row. */
export function copyPoint(from: Box, to: Box, t: number): Point {
  const x0 = from.x + from.width * 0.25;
  const y0 = from.y + from.height / 2;
  const x1 = to.x + to.width * 0.25;
  const y1 = to.y + to.height / 2;
  const cx = Math.max(from.x + from.width, to.x + to.width) + COPY_BULGE;
  const cy = (y0 + y1) / 2;
  const u = 1 - t;
  return [u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1];
}

/** Copies start one after the other by this much (ms), up to COPY_STAGGER_MAX in all. */
export const COPY_STAGGER = 60;
export const COPY_STAGGER_MAX = 480;

/** When the i-th of n copies starts (ms), so many copies still finish together soon. */
export function copyDelay(i: number, n: number): number {
  if (n <= 1) return 0;
  return Math.round((i * Math.min(COPY_STAGGER * (n - 1), COPY_STAGGER_MAX)) / (n - 1));
}
