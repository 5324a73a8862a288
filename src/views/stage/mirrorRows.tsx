/**
 * The rows of the device column: each mirror's device page table, and on the 2015 API also
 * HMM's own mirror table (`hpt`), drawn entry by entry the same way, each with its arrow into
 * memory. Split from StageView so the two tables share one loop.
 */
import { frameLabel, getMirror, pvecGet, type DptEntry, type World } from '../../engine';
import { devLinkPath } from '../geometry/links';
import { entryKey, type Box, type StageLayout } from '../geometry/stageLayout';
import { describeDpt } from './describe';
import { describeMirror2015, mirrorBadge } from './describe2015';
import { EntryRow, type Mark } from './StageRows';
import type { Arrow } from './StageView';

export interface RowRef {
  owner: string;
  page: number;
  key: string;
  box: Box;
}

export interface DrawnRow {
  box: Box;
  node: React.ReactElement<{ tabbable?: boolean }>;
}

/** What the stage's loops share: the state, what changed, what is inspected, the band shown. */
export interface RowContext {
  world: World;
  layout: StageLayout;
  /** `dpt:<mirror>:<page>` keys a micro-step changed (a mirror change names pages only). */
  changedDpts: ReadonlySet<string>;
  inBand: (b: Box) => boolean;
  culled: boolean;
  markOf: (key: string) => Mark;
  arrowMark: (entry: string, frame: string) => Mark;
  tabKey: string | null;
  /**
   * The state before this micro-step. A mirror's change names pages, not which of a 2015
   * mirror's two tables changed: comparing with it lights up only the table that did.
   */
  previous?: World | null;
}

const sameEntry = (a: DptEntry | null, b: DptEntry | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.frame === b.frame &&
    a.access === b.access &&
    (a.dirty === true) === (b.dirty === true));

/** The entry of one table of a mirror in a world, or null. */
function entryIn(world: World, name: string, table: 'dpt' | 'hpt', page: number) {
  const mirror = getMirror(world, name);
  const pt = table === 'hpt' ? mirror?.hmmPt : mirror?.pt;
  return pt ? pvecGet(pt, page) : null;
}

/** Draws the entries of one table kind of every mirror, pushing rows and arrows. */
export function mirrorRows(
  c: RowContext,
  table: 'dpt' | 'hpt',
  refs: readonly RowRef[],
  drawn: DrawnRow[],
  arrows: Arrow[],
): void {
  for (const { owner: name, page, key, box } of refs) {
    if (c.culled && !c.inBand(box)) continue;
    const mirror = getMirror(c.world, name);
    const e = entryIn(c.world, name, table, page);
    const changed =
      c.changedDpts.has(entryKey('dpt', name, page)) &&
      (!mirror?.hmmPt || !c.previous || !sameEntry(entryIn(c.previous, name, table, page), e));
    if (e !== null) {
      const target = c.layout.frames.get(e.frame);
      if (target)
        arrows.push({
          key,
          d: devLinkPath(box, target),
          kind: `${table}-${e.access}`,
          changed,
          mark: c.arrowMark(key, `frame:${e.frame}`),
        });
    }
    drawn.push({
      box,
      node: (
        <EntryRow
          key={key}
          box={box}
          table={table}
          kind={e?.access ?? 'none'}
          page={page}
          badge={mirrorBadge(e)}
          target={e ? frameLabel(c.world, e.frame) : null}
          locked={false}
          dirty={e?.dirty === true}
          label={
            mirror?.hmmPt
              ? describeMirror2015(c.world, name, table, page, e)
              : describeDpt(c.world, name, page, e)
          }
          changed={changed}
          mark={c.markOf(key)}
          inspectKey={key}
          tabbable={key === c.tabKey}
        />
      ),
    });
  }
}
