/**
 * The stage's geometry, as numbers: three columns — CPU page tables on the left, physical memory
 * in the middle, device page tables on the right — so every arrow runs from a table into
 * memory. Pure: unit-tested without a DOM; React draws what it returns.
 */
import { collapseRows, type RowItem } from './collapse';
import type { RegionKind, StageExtent } from './extent';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Group extends Box {
  /** `proc:A`, `mirror:m0`, `region:sys`. */
  key: string;
  title: string;
}

export interface RegionGroup extends Group {
  kind: RegionKind;
}

/** A collapsed run of untouched rows (or the header of an expanded one). */
export interface RangeBox extends Box {
  key: string;
  /** The group it belongs to: `proc:A`, `mirror:m0`, `region:dev0`. */
  group: string;
  from: number;
  to: number;
  count: number;
  expanded: boolean;
}

export interface StageLayout {
  width: number;
  height: number;
  procs: Group[];
  mirrors: Group[];
  regions: RegionGroup[];
  /** `pte:<proc>:<page>` and `dpt:<mirror>:<page>` → the entry's row. */
  entries: Map<string, Box>;
  /** global frame index → the frame's row. */
  frames: Map<number, Box>;
  /** Range rows, in drawing order. */
  ranges: RangeBox[];
}

/** Sizes of the stage, in SVG user units. */
export const STAGE = {
  row: 30,
  header: 30,
  gapY: 18,
  margin: 16,
  tableWidth: 230,
  memoryWidth: 340,
  gutter: 150,
} as const;

export const entryKey = (table: 'pte' | 'dpt', owner: string, page: number) =>
  `${table}:${owner}:${page}`;

const REGION_TITLE: Record<RegionKind, string> = {
  system: 'System RAM',
  zero: 'Zero page',
  private: 'private',
  coherent: 'coherent',
};

/** Lays a column of titled groups of rows out from the top, returning its height. */
function column<T>(
  items: readonly T[],
  x: number,
  width: number,
  rowsOf: (item: T) => readonly RowItem[],
  place: (item: T, group: Box, rows: Map<number, Box>, ranges: RangeBox[]) => void,
  groupKey: (item: T) => string,
): number {
  let y = STAGE.margin;
  for (const item of items) {
    const rows = rowsOf(item);
    const height = STAGE.header + Math.max(1, rows.length) * STAGE.row + 8;
    const group = { x, y, width, height };
    const map = new Map<number, Box>();
    const ranges: RangeBox[] = [];
    rows.forEach((r, i) => {
      const box = {
        x: x + 6,
        y: y + STAGE.header + i * STAGE.row,
        width: width - 12,
        height: STAGE.row - 4,
      };
      if (r.kind === 'row') map.set(r.index, box);
      else {
        const { key, from, to, count, expanded } = r;
        ranges.push({ ...box, key, group: groupKey(item), from, to, count, expanded });
      }
    });
    place(item, group, map, ranges);
    y += height + STAGE.gapY;
  }
  return y;
}

const NOTHING_EXPANDED: ReadonlySet<string> = new Set();

/**
 * Positions every group, entry row, frame row and range row of an extent; `expanded` names the
 * collapsed runs (see collapse.ts) the reader opened.
 */
export function layoutStage(
  extent: StageExtent,
  expanded: ReadonlySet<string> = NOTHING_EXPANDED,
): StageLayout {
  const xCpu = STAGE.margin;
  const xMem = xCpu + STAGE.tableWidth + STAGE.gutter;
  const xDev = xMem + STAGE.memoryWidth + STAGE.gutter;
  const entries = new Map<string, Box>();
  const frames = new Map<number, Box>();
  const procs: Group[] = [];
  const mirrors: Group[] = [];
  const regions: RegionGroup[] = [];
  const ranges: RangeBox[] = [];

  const hCpu = column(
    extent.procs,
    xCpu,
    STAGE.tableWidth,
    (p) => collapseRows(`proc:${p.name}`, p.pages, p.touched, expanded),
    (p, box, rows, runs) => {
      procs.push({ ...box, key: `proc:${p.name}`, title: `Process ${p.name}` });
      for (const [page, row] of rows) entries.set(entryKey('pte', p.name, page), row);
      ranges.push(...runs);
    },
    (p) => `proc:${p.name}`,
  );
  const hMem = column(
    extent.regions,
    xMem,
    STAGE.memoryWidth,
    (r) => collapseRows(`region:${r.id}`, r.frames, r.touched, expanded),
    (r, box, rows, runs) => {
      const title =
        r.kind === 'system' || r.kind === 'zero'
          ? REGION_TITLE[r.kind]
          : `${r.id} · ${REGION_TITLE[r.kind]}`;
      regions.push({ ...box, key: `region:${r.id}`, title, kind: r.kind });
      for (const [frame, row] of rows) frames.set(frame, row);
      ranges.push(...runs);
    },
    (r) => `region:${r.id}`,
  );
  const hDev = column(
    extent.mirrors,
    xDev,
    STAGE.tableWidth,
    (m) => collapseRows(`mirror:${m.name}`, m.pages, m.touched, expanded),
    (m, box, rows, runs) => {
      mirrors.push({ ...box, key: `mirror:${m.name}`, title: `Mirror ${m.name} · ${m.device}` });
      for (const [page, row] of rows) entries.set(entryKey('dpt', m.name, page), row);
      ranges.push(...runs);
    },
    (m) => `mirror:${m.name}`,
  );

  return {
    width: xDev + STAGE.tableWidth + STAGE.margin,
    height: Math.max(hCpu, hMem, hDev, 120),
    procs,
    mirrors,
    regions,
    entries,
    frames,
    ranges,
  };
}
