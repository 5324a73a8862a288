/**
 * The stage's geometry, as numbers: three columns — CPU page tables on the left, physical memory
 * in the middle, device page tables on the right — so every arrow runs from a table into
 * memory. Pure: unit-tested without a DOM; React draws what it returns.
 */
import { collapseRows } from './collapse';
import { column, type Section } from './column';
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
  /** Sub-tables under their own heading (2015: HMM's mirror table, then the driver's). */
  sections?: SectionHead[];
}

/** A sub-table's heading inside a group: its words and where its baseline row sits. */
export interface SectionHead {
  /** The section's range-key prefix: `hmm:m0` (HMM's table) or `mirror:m0` (the driver's). */
  key: string;
  title: string;
  y: number;
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
  /**
   * `pte:<proc>:<page>`, `dpt:<mirror>:<page>` and (2015) `hpt:<mirror>:<page>`, HMM's own
   * mirror table → the entry's row.
   */
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
  /** A sub-table's heading (2015 mirrors have two tables). */
  sectionHead: 22,
  /** The caption lines under a fake device memory region's title (2015). */
  captionLine: 14,
} as const;

/** `pte`: a CPU page table; `dpt`: a device page table; `hpt`: HMM's own mirror table (2015). */
export type EntryTable = 'pte' | 'dpt' | 'hpt';

export const entryKey = (table: EntryTable, owner: string, page: number) =>
  `${table}:${owner}:${page}`;

/**
 * How far a fake device memory region's rows start below its top: the title, two caption lines
 * (what rmem_pages are) and the in-flight `dpfn[]` line.
 */
export const FAKE_HEADER = STAGE.header + 3 * STAGE.captionLine + 4;

const REGION_TITLE: Record<RegionKind, string> = {
  system: 'System RAM',
  zero: 'Zero page',
  private: 'private',
  coherent: 'coherent',
  fake: 'fake device memory',
};

/** The two tables of a 2015 mirror, under the kernel's names for them. */
export const HMM_TABLE_TITLE = 'HMM mirror table (mirror->pt)';
export const DUMMY_TABLE_TITLE = 'dummy device table (dmirror->pt)';

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

  const one = (key: string, indices: number[], touched: number[]): Section[] => [
    { key, rows: collapseRows(key, indices, touched, expanded) },
  ];

  const hCpu = column(
    extent.procs,
    xCpu,
    STAGE.tableWidth,
    STAGE,
    (p) => one(`proc:${p.name}`, p.pages, p.touched),
    (p, box, [s]) => {
      procs.push({ ...box, key: `proc:${p.name}`, title: `Process ${p.name}` });
      for (const [page, row] of s!.rows) entries.set(entryKey('pte', p.name, page), row);
      ranges.push(...s!.ranges);
    },
  );
  const hMem = column(
    extent.regions,
    xMem,
    STAGE.memoryWidth,
    STAGE,
    (r) => one(`region:${r.id}`, r.frames, r.touched),
    (r, box, [s]) => {
      const title =
        r.kind === 'system' || r.kind === 'zero'
          ? REGION_TITLE[r.kind]
          : `${r.id} · ${REGION_TITLE[r.kind]}`;
      regions.push({ ...box, key: `region:${r.id}`, title, kind: r.kind });
      for (const [frame, row] of s!.rows) frames.set(frame, row);
      ranges.push(...s!.ranges);
    },
    (r) => (r.kind === 'fake' ? FAKE_HEADER : STAGE.header),
  );
  // A 2015 mirror has two tables with the same rows: HMM's own first (the driver's update
  // callback copies from it), then the driver's; each entry's arrow runs into memory.
  const hDev = column(
    extent.mirrors,
    xDev,
    STAGE.tableWidth,
    STAGE,
    (m) =>
      m.hmmTable
        ? [
            { ...one(`hmm:${m.name}`, m.pages, m.touched)[0]!, title: HMM_TABLE_TITLE },
            { ...one(`mirror:${m.name}`, m.pages, m.touched)[0]!, title: DUMMY_TABLE_TITLE },
          ]
        : one(`mirror:${m.name}`, m.pages, m.touched),
    (m, box, placed, heads) => {
      mirrors.push({
        ...box,
        key: `mirror:${m.name}`,
        title: `Mirror ${m.name} · ${m.device}`,
        ...(heads.length > 0 ? { sections: heads } : {}),
      });
      const tables: EntryTable[] = m.hmmTable ? ['hpt', 'dpt'] : ['dpt'];
      placed.forEach((s, i) => {
        for (const [page, row] of s.rows) entries.set(entryKey(tables[i]!, m.name, page), row);
        ranges.push(...s.ranges);
      });
    },
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
