/**
 * One column of the stage, laid out from the top: titled groups of rows (a process's page table,
 * a memory region, a mirror's tables), each group's rows split into sections under headings
 * when it has more than one (a 2015 mirror: HMM's table and the driver's). Pure numbers.
 */
import type { RowItem } from './collapse';
import type { Box, RangeBox, SectionHead } from './stageLayout';

/** The row, header and gap sizes (stageLayout's STAGE). */
export interface Sizes {
  readonly row: number;
  readonly header: number;
  readonly gapY: number;
  readonly margin: number;
  readonly sectionHead: number;
}

/** One table of a group: its rows, under a heading when the group has more than one. */
export interface Section {
  /** The key its collapsed runs belong to (`mirror:m0`, `hmm:m0`). */
  key: string;
  rows: readonly RowItem[];
  title?: string;
}

export interface PlacedSection {
  rows: Map<number, Box>;
  ranges: RangeBox[];
}

/**
 * Lays a column of titled groups of rows out from the top, returning its height. A group's rows
 * start `headerOf(item)` below its top; a group of several sections puts each under a heading.
 */
export function column<T>(
  items: readonly T[],
  x: number,
  width: number,
  size: Sizes,
  sectionsOf: (item: T) => readonly Section[],
  place: (item: T, group: Box, placed: PlacedSection[], heads: SectionHead[]) => void,
  headerOf: (item: T) => number = () => size.header,
): number {
  let y = size.margin;
  for (const item of items) {
    const sections = sectionsOf(item);
    const titled = sections.length > 1;
    let rowY = y + headerOf(item);
    const placed: PlacedSection[] = [];
    const heads: SectionHead[] = [];
    for (const section of sections) {
      if (titled) {
        heads.push({ key: section.key, title: section.title ?? section.key, y: rowY });
        rowY += size.sectionHead;
      }
      const map = new Map<number, Box>();
      const ranges: RangeBox[] = [];
      section.rows.forEach((r, i) => {
        const box = { x: x + 6, y: rowY + i * size.row, width: width - 12, height: size.row - 4 };
        if (r.kind === 'row') map.set(r.index, box);
        else {
          const { key, from, to, count, expanded } = r;
          ranges.push({ ...box, key, group: section.key, from, to, count, expanded });
        }
      });
      rowY += Math.max(1, section.rows.length) * size.row;
      placed.push({ rows: map, ranges });
    }
    const group = { x, y, width, height: rowY + 8 - y };
    place(item, group, placed, heads);
    y += group.height + size.gapY;
  }
  return y;
}
