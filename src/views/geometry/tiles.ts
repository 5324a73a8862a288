/**
 * The stage's rows are drawn in tiles: one small SVG per column per TILE layout units of height.
 * A step that changes three rows then makes the browser lay out and repaint the tiles holding
 * them, not a drawing of thousands of rows — each tile is its own SVG root, contained, with its
 * own cached paint.
 */
import { STAGE, type Box } from './stageLayout';

/** Height of a tile's band of row tops, in layout units (16 rows). */
export const TILE = 16 * STAGE.row;
/** Room around the rows, for the focus ring's stroke. */
const PAD = 4;

export interface Tile extends Box {
  key: string;
}

/** The tile that draws a row: its column (x) and the band its top falls in. */
export function tileFor(row: Box): Tile {
  const band = Math.floor(row.y / TILE);
  return {
    key: `${row.x}:${band}`,
    x: row.x - PAD,
    y: band * TILE - PAD,
    width: row.width + 2 * PAD,
    // A row whose top is in the band may reach one row height past it.
    height: TILE + STAGE.row + 2 * PAD,
  };
}

/** Groups drawn rows by tile, tiles in order of first appearance. */
export class TileBins<T> {
  readonly bins = new Map<string, { tile: Tile; items: T[] }>();

  add(row: Box, item: T) {
    const tile = tileFor(row);
    const bin = this.bins.get(tile.key);
    if (bin) bin.items.push(item);
    else this.bins.set(tile.key, { tile, items: [item] });
  }
}
