/**
 * Arrows from page-table entries to frames, as SVG path strings: a smooth S between two points,
 * the curve of d3-shape's linkHorizontal (curveBumpX), drawn with d3-path — d3-shape itself would
 * cost the first load a few kilobytes for this one curve. Re-routing an arrow is just a new `d`.
 */
import { path } from 'd3-path';
import type { Box } from './stageLayout';

/** A horizontal S-curve from (x0, y0) to (x1, y1): both tangents horizontal, as curveBumpX. */
export function sCurve(x0: number, y0: number, x1: number, y1: number): string {
  const p = path();
  const mx = (x0 + x1) / 2;
  p.moveTo(x0, y0);
  p.bezierCurveTo(mx, y0, mx, y1, x1, y1);
  return p.toString();
}

/** A CPU entry (left column) to its frame (middle column): right edge → left edge. */
export function cpuLinkPath(entry: Box, frame: Box): string {
  return sCurve(
    entry.x + entry.width,
    entry.y + entry.height / 2,
    frame.x,
    frame.y + frame.height / 2,
  );
}

/** A device entry (right column) to its frame: left edge → right edge. */
export function devLinkPath(entry: Box, frame: Box): string {
  return sCurve(
    entry.x,
    entry.y + entry.height / 2,
    frame.x + frame.width,
    frame.y + frame.height / 2,
  );
}
