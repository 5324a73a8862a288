/**
 * Large scenarios stay readable: a run of rows that no micro-step ever touches (an untouched
 * stretch of a VMA, device pages that stay on the free list) is drawn as one range row, which the
 * reader can expand. What is collapsed depends only on the whole scenario and on what the reader
 * expanded, never on the step on screen, so stepping never moves anything.
 */

/** Runs shorter than this stay expanded: a range row would save nothing. */
export const MIN_COLLAPSED_RUN = 3;

export type RowItem =
  | { kind: 'row'; index: number }
  /** `from`/`to` are the first and last index of the run (inclusive); `count` rows. */
  | { kind: 'range'; key: string; from: number; to: number; count: number; expanded: boolean };

/** The key naming one collapsible run: the group's key and the run's first index. */
export const rangeKey = (groupKey: string, from: number) => `${groupKey}@${from}`;

/**
 * The rows of a group, with each maximal run of untouched rows (at least `minRun` long) replaced
 * by a range item; an expanded run keeps a range item (its header, to collapse it again)
 * followed by all its rows.
 */
export function collapseRows(
  groupKey: string,
  indices: readonly number[],
  touched: readonly number[],
  expanded: ReadonlySet<string>,
  minRun = MIN_COLLAPSED_RUN,
): RowItem[] {
  const hot = new Set(touched);
  const out: RowItem[] = [];
  let i = 0;
  while (i < indices.length) {
    if (hot.has(indices[i]!)) {
      out.push({ kind: 'row', index: indices[i]! });
      i++;
      continue;
    }
    let j = i;
    while (j < indices.length && !hot.has(indices[j]!)) j++;
    const run = indices.slice(i, j);
    if (run.length < minRun) {
      for (const index of run) out.push({ kind: 'row', index });
    } else {
      const from = run[0]!;
      const key = rangeKey(groupKey, from);
      const open = expanded.has(key);
      out.push({
        kind: 'range',
        key,
        from,
        to: run[run.length - 1]!,
        count: run.length,
        expanded: open,
      });
      if (open) for (const index of run) out.push({ kind: 'row', index });
    }
    i = j;
  }
  return out;
}
