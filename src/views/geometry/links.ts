/**
 * Arrows from page-table entries to frames, as SVG path strings from d3-shape's horizontal link
 * (a smooth S between two points), so re-routing an arrow is just a new `d`.
 */
import { linkHorizontal } from 'd3-shape';
import type { Box } from './stageLayout';

const link = linkHorizontal<
  { source: [number, number]; target: [number, number] },
  [number, number]
>();

/** A CPU entry (left column) to its frame (middle column): right edge → left edge. */
export function cpuLinkPath(entry: Box, frame: Box): string {
  return (
    link({
      source: [entry.x + entry.width, entry.y + entry.height / 2],
      target: [frame.x, frame.y + frame.height / 2],
    }) ?? ''
  );
}

/** A device entry (right column) to its frame: left edge → right edge. */
export function devLinkPath(entry: Box, frame: Box): string {
  return (
    link({
      source: [entry.x, entry.y + entry.height / 2],
      target: [frame.x + frame.width, frame.y + frame.height / 2],
    }) ?? ''
  );
}
