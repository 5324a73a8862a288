import { cloneElement, memo, useMemo } from 'react';
import { frameLabel, getFrame, getPte, type Changes, type World } from '../../engine';
import type { StageExtent } from '../geometry/extent';
import { cpuLinkPath } from '../geometry/links';
import {
  entryKey,
  type Box,
  type EntryTable,
  type RangeBox,
  type StageLayout,
} from '../geometry/stageLayout';
import { TileBins } from '../geometry/tiles';
import { describeFrame, describePte, frameCounters, isFreeDeviceFrame, pteBadge } from './describe';
import { gmemFrame, isGmemDevice } from '../gmem/describeGmem';
import { reservedSlot } from './describe2015';
import { mirrorRows, type DrawnRow, type RowRef } from './mirrorRows';
import { StageArrows, StageGroups } from './StageLayers';
import { EntryRow, FrameRow, RangeRow, type Mark } from './StageRows';
import './StageView.css';

/** The band of the stage that is on screen, in layout units; rows outside it are not drawn. */
export interface StageWindow {
  top: number;
  bottom: number;
}

export interface StageViewProps {
  extent: StageExtent;
  layout: StageLayout;
  /** The state on screen. */
  world: World;
  /** What the current micro-step changed, highlighted everywhere it appears. */
  changed: Changes | null;
  /** Draw only rows in this band (large scenarios); null draws everything. */
  window?: StageWindow | null;
  /** `data-inspect` key of what the reader inspects, and the keys of what relates to it. */
  inspected?: string | null;
  related?: ReadonlySet<string>;
  /** id of an element describing the whole stage in words (for screen readers). */
  describedBy?: string;
  /** Screen pixels per layout unit. */
  scale?: number;
  /** The state before this micro-step, when known (tells a 2015 mirror's two tables apart). */
  previous?: World | null;
  /** The row (data-inspect or data-range key) that is the stage's Tab stop; else the first. */
  tabKey?: string | null;
  /** Walkthrough marks by `data-inspect` key (picked, answer, missed, focus). */
  marks?: ReadonlyMap<string, Mark> | null;
}

export interface Changed {
  ptes: Set<string>;
  dpts: Set<string>;
  frames: Set<number>;
  seq: Set<string>;
  devices: Set<string>;
}

function changedSets(c: Changes | null): Changed {
  const out: Changed = {
    ptes: new Set(),
    dpts: new Set(),
    frames: new Set(),
    seq: new Set(),
    devices: new Set(),
  };
  if (!c) return out;
  for (const p of c.ptes) for (const page of p.pages) out.ptes.add(entryKey('pte', p.proc, page));
  for (const m of c.mirrors) {
    for (const page of m.pages) out.dpts.add(entryKey('dpt', m.mirror, page));
    if (m.seq) out.seq.add(m.mirror);
  }
  for (const f of c.frames) out.frames.add(f);
  for (const d of c.devices) out.devices.add(d);
  return out;
}

const NO_KEYS: ReadonlySet<string> = new Set();
const inBand = (b: Box, w: StageWindow | null | undefined) =>
  !w || (b.y + b.height >= w.top && b.y <= w.bottom);

/** The words of a range row: what the untouched run holds. */
function rangeText(world: World, r: RangeBox): string {
  if (r.group.startsWith('region:')) {
    // Fake device memory (2015) is free when its bitmap bit is clear, not on a free list.
    const fake = world.devices[r.group.slice('region:'.length)]?.rmemBitmap;
    // Short for fake memory: the dummy driver's device names make the row long.
    const what = fake ? 'bits clear' : 'free, never used';
    return `${frameLabel(world, r.from)} – ${frameLabel(world, r.to)} · ${what}`;
  }
  const what = r.group.startsWith('mirror:')
    ? 'no device entry'
    : r.group.startsWith('hmm:')
      ? 'no HMM entry'
      : 'no entry';
  return `pages ${r.from}–${r.to} · ${what}, untouched`;
}

/** Every entry row the layout placed (collapsed ones have none), computed once per layout. */
function rowIndex(extent: StageExtent, layout: StageLayout) {
  const list = (table: EntryTable, groups: readonly { name: string; pages: number[] }[]) =>
    groups.flatMap((g) =>
      g.pages.flatMap((page): RowRef[] => {
        const key = entryKey(table, g.name, page);
        const box = layout.entries.get(key);
        return box ? [{ owner: g.name, page, key, box }] : [];
      }),
    );
  return {
    ptes: list('pte', extent.procs),
    dpts: list('dpt', extent.mirrors),
    hpts: list(
      'hpt',
      extent.mirrors.filter((m) => m.hmmTable),
    ),
  };
}

export interface Arrow {
  key: string;
  d: string;
  kind: string;
  changed: boolean;
  mark: Mark;
}

/**
 * The stage: CPU page tables (left), physical memory with struct page counters and each
 * device's pgmap (middle), device page tables (right), and an arrow from every entry to the
 * frame it points at. The layout comes from the whole scenario, so it never jumps.
 */
export const StageView = memo(function StageView({
  extent,
  layout,
  world,
  changed,
  window: band,
  inspected = null,
  related = NO_KEYS,
  describedBy,
  scale = 1,
  tabKey = null,
  previous = null,
  marks = null,
}: StageViewProps) {
  const ch = useMemo(() => changedSets(changed), [changed]);
  const rows = useMemo(() => rowIndex(extent, layout), [extent, layout]);
  const arrows: Arrow[] = [];
  const markOf = (key: string): Mark =>
    key === inspected
      ? 'inspected'
      : (marks?.get(key) ?? (related.has(key) ? 'related' : undefined));
  const arrowMark = (entry: string, frame: string): Mark =>
    entry === inspected || frame === inspected
      ? 'inspected'
      : related.has(entry) && related.has(frame)
        ? 'related'
        : undefined;

  // Every row drawn, in drawing order (CPU tables, memory, device tables, ranges), with its box.
  const drawn: DrawnRow[] = [];
  for (const { owner: proc, page, key, box } of rows.ptes) {
    // On a culled (large) stage only entries on screen are drawn, with their arrows.
    if (band && !inBand(box, band)) continue;
    const pte = getPte(world, proc, page);
    const kind = pte === null ? 'none' : pte.kind === 'present' && pte.zero ? 'zero' : pte.kind;
    const visible = inBand(box, band);
    if (pte !== null) {
      const target = layout.frames.get(pte.frame);
      if (target && (visible || inBand(target, band)))
        arrows.push({
          key,
          d: cpuLinkPath(box, target),
          kind,
          changed: ch.ptes.has(key),
          mark: arrowMark(key, `frame:${pte.frame}`),
        });
    }
    if (!visible) continue;
    drawn.push({
      box,
      node: (
        <EntryRow
          key={key}
          box={box}
          table="pte"
          kind={kind}
          page={page}
          badge={pteBadge(pte)}
          target={pte === null ? null : frameLabel(world, pte.frame)}
          locked={kind === 'migration'}
          label={describePte(world, proc, page, pte)}
          changed={ch.ptes.has(key)}
          mark={markOf(key)}
          inspectKey={key}
          tabbable={key === tabKey}
        />
      ),
    });
  }

  // The device column: HMM's own mirror tables (2015) and every device page table.
  const mirrorDrawn: DrawnRow[] = [];
  const ctx = {
    world,
    layout,
    changedDpts: ch.dpts,
    inBand: (b: Box) => inBand(b, band),
    culled: !!band,
    markOf,
    arrowMark,
    tabKey,
    previous,
  };
  // HMM's own tables only on the 2015 API (a compare pane on another shares the layout).
  if (world.config.api === '2015') mirrorRows(ctx, 'hpt', rows.hpts, mirrorDrawn, arrows);
  mirrorRows(ctx, 'dpt', rows.dpts, mirrorDrawn, arrows);

  for (const r of extent.regions) {
    for (const index of r.frames) {
      const box = layout.frames.get(index);
      if (!box || !inBand(box, band)) continue;
      const f = getFrame(world, index);
      // 2015: a fake device page is in use when its bitmap bit is set (no pgmap, refcount 1).
      const dev = world.devices[r.id]?.rmemBitmap ? world.devices[r.id] : undefined;
      const bit = dev?.rmemBitmap?.[index - dev.base];
      const slot = dev ? reservedSlot(dev, index - dev.base) : -1;
      const offline = !dev && f.zone === 'device' && f.pgmap === null;
      const free = dev
        ? bit !== true
        : !offline &&
          (r.kind === 'system'
            ? f.refcount === 0 && f.mapcount === 0
            : isFreeDeviceFrame(world, f));
      const key = `frame:${index}`;
      // GMEM (seed 003): the driver's own pages, no pgmap, no struct page the kernel counts.
      const gmDev = world.devices[r.id];
      const gm = gmDev && isGmemDevice(gmDev) ? gmemFrame(world, gmDev, index) : null;
      drawn.push({
        box,
        node: (
          <FrameRow
            key={key}
            box={box}
            region={r.kind}
            state={gm ? gm.state : offline ? 'offline' : free ? 'free' : 'used'}
            name={frameLabel(world, index)}
            value={f.value}
            locked={f.locked}
            owner={
              gm
                ? gm.owner
                : slot >= 0
                  ? `dpfn[${slot}]`
                  : typeof f.zoneDeviceData === 'string'
                    ? f.zoneDeviceData
                    : null
            }
            counters={gm ? gm.counters : frameCounters(f)}
            bit={dev ? bit === true : undefined}
            label={gm ? gm.label : describeFrame(world, index, f)}
            changed={ch.frames.has(index)}
            mark={markOf(key)}
            inspectKey={key}
            tabbable={key === tabKey}
          />
        ),
      });
    }
  }
  drawn.push(...mirrorDrawn);
  for (const r of layout.ranges)
    if (inBand(r, band))
      drawn.push({
        box: r,
        node: (
          <RangeRow key={r.key} range={r} text={rangeText(world, r)} tabbable={r.key === tabKey} />
        ),
      });

  // Roving tabindex: one Tab stop for the whole stage. If the chosen row is not drawn (none
  // chosen yet, or scrolled out of the band), the first row drawn takes its place.
  if (drawn.length > 0 && !drawn.some((r) => r.node.key === tabKey))
    drawn[0] = { ...drawn[0]!, node: cloneElement(drawn[0]!.node, { tabbable: true }) };
  const tiles = new TileBins<React.ReactElement>();
  for (const r of drawn) tiles.add(r.box, r.node);
  const full = useMemo(
    () => ({
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width * scale,
      height: layout.height * scale,
    }),
    [layout, scale],
  );

  return (
    <div
      className="stage-svg"
      style={{ width: full.width, height: full.height }}
      role="group"
      aria-label="Page tables and memory"
      aria-describedby={describedBy}
      data-testid="stage-svg"
    >
      {/* Layers, bottom to top: the groups, the arrows, then the rows in their tiles. */}
      <StageGroups extent={extent} layout={layout} world={world} changed={ch} full={full} />
      <StageArrows arrows={arrows} full={full} />
      {[...tiles.bins.values()].map(({ tile, items }) => (
        <svg
          key={tile.key}
          className="stage-tile"
          viewBox={`${tile.x} ${tile.y} ${tile.width} ${tile.height}`}
          width={tile.width * scale}
          height={tile.height * scale}
          style={{ left: tile.x * scale, top: tile.y * scale }}
        >
          {items}
        </svg>
      ))}
    </div>
  );
});
