/**
 * A scenario's preview in the gallery: its final state as a miniature of the stage — CPU page
 * tables on the left, memory in use in the middle, device page tables on the right — one small
 * square per entry or frame. Pure: numbers in, cells out.
 */
import type { FinalState } from '../../engine/trace';

export const THUMB = { width: 160, height: 84, cell: 5, gap: 1.6, perRow: 7, maxCells: 70 };

export type ThumbKind =
  | 'present'
  | 'zero'
  | 'device-private'
  | 'migration'
  | 'device-exclusive'
  /** HMM's swap entry (2015 API). */
  | 'hmm'
  | 'sys'
  | 'device'
  | 'dpt-read'
  | 'dpt-write'
  | 'dpt-atomic';

export interface ThumbCell {
  x: number;
  y: number;
  kind: ThumbKind;
}

export interface ThumbLayout {
  cells: ThumbCell[];
  /** Entries or frames not drawn (past maxCells in a column), so the preview never lies by omission. */
  hidden: number;
}

/** Left edge of each column's cells (the columns are 52 wide at x = 1, 54, 107). */
const COLUMN_X = [4, 57, 110];

/** Lays `kinds` out as a grid from the column's top; returns the cells and how many did not fit. */
function grid(column: number, kinds: readonly ThumbKind[]): { cells: ThumbCell[]; hidden: number } {
  const step = THUMB.cell + THUMB.gap;
  const shown = kinds.slice(0, THUMB.maxCells);
  return {
    cells: shown.map((kind, i) => ({
      x: COLUMN_X[column]! + (i % THUMB.perRow) * step,
      y: 7 + Math.floor(i / THUMB.perRow) * step,
      kind,
    })),
    hidden: kinds.length - shown.length,
  };
}

const byPage = (a: [string, unknown], b: [string, unknown]) => Number(a[0]) - Number(b[0]);

export function thumbLayout(final: FinalState): ThumbLayout {
  const cpu: ThumbKind[] = [];
  for (const p of Object.values(final.processes)) {
    if (!p.alive) continue;
    for (const [, e] of Object.entries(p.ptes).sort(byPage))
      cpu.push(e.kind === 'present' && e.zero ? 'zero' : e.kind);
  }
  const memory: ThumbKind[] = Object.keys(final.frames).map((label) =>
    label.startsWith('sys:') ? 'sys' : 'device',
  );
  // System RAM first, then device memory: the order the stage draws them in.
  memory.sort((a, b) => (a === b ? 0 : a === 'sys' ? -1 : 1));
  const dev: ThumbKind[] = [];
  for (const m of Object.values(final.mirrors))
    for (const [, e] of Object.entries(m.entries).sort(byPage))
      dev.push(`dpt-${e.access}` as ThumbKind);
  const columns = [grid(0, cpu), grid(1, memory), grid(2, dev)];
  return {
    cells: columns.flatMap((c) => c.cells),
    hidden: columns.reduce((n, c) => n + c.hidden, 0),
  };
}
