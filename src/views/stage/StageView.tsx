import { cloneElement, memo, useMemo } from 'react';
import {
  frameLabel,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  pvecGet,
  type Changes,
  type Device,
  type World,
} from '../../engine';
import type { StageExtent } from '../geometry/extent';
import { cpuLinkPath, devLinkPath } from '../geometry/links';
import { entryKey, type Box, type RangeBox, type StageLayout } from '../geometry/stageLayout';
import { TileBins } from '../geometry/tiles';
import {
  describeDpt,
  describeFrame,
  describePte,
  frameCounters,
  isFreeDeviceFrame,
  pteBadge,
} from './describe';
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
  /** The row (data-inspect or data-range key) that is the stage's Tab stop; else the first. */
  tabKey?: string | null;
}

interface Changed {
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
    return `${frameLabel(world, r.from)} – ${frameLabel(world, r.to)} · free, never used`;
  }
  const what = r.group.startsWith('mirror:') ? 'no device entry' : 'no entry';
  return `pages ${r.from}–${r.to} · ${what}, untouched`;
}

/**
 * A pgmap's header: its owner and its reference count split into the base reference and one per
 * allocated page (ERA_C, domain.md INV-P3), and how many pages the driver's free list holds.
 */
function pgmapMeta(dev: Device): string {
  const p = dev.pgmap;
  if (!p) return 'no pgmap';
  const base = p.live ? 1 : 0;
  const ref = `ref ${p.refcount} (${base} + ${p.refcount - base})`;
  return `owner ${p.owner} · ${ref}${p.live ? '' : ' · killed'} · free ${dev.nrFree}`;
}

interface RowRef {
  owner: string;
  page: number;
  key: string;
  box: Box;
}

/** Every entry row the layout placed (collapsed ones have none), computed once per layout. */
function rowIndex(extent: StageExtent, layout: StageLayout) {
  const list = (table: 'pte' | 'dpt', groups: readonly { name: string; pages: number[] }[]) =>
    groups.flatMap((g) =>
      g.pages.flatMap((page): RowRef[] => {
        const key = entryKey(table, g.name, page);
        const box = layout.entries.get(key);
        return box ? [{ owner: g.name, page, key, box }] : [];
      }),
    );
  return { ptes: list('pte', extent.procs), dpts: list('dpt', extent.mirrors) };
}

interface Arrow {
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
}: StageViewProps) {
  const ch = useMemo(() => changedSets(changed), [changed]);
  const rows = useMemo(() => rowIndex(extent, layout), [extent, layout]);
  const arrows: Arrow[] = [];
  const markOf = (key: string): Mark =>
    key === inspected ? 'inspected' : related.has(key) ? 'related' : undefined;
  const arrowMark = (entry: string, frame: string): Mark =>
    entry === inspected || frame === inspected
      ? 'inspected'
      : related.has(entry) && related.has(frame)
        ? 'related'
        : undefined;

  // Every row drawn, in drawing order (CPU tables, memory, device tables, ranges), with its box.
  const drawn: { box: Box; node: React.ReactElement<{ tabbable?: boolean }> }[] = [];
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

  const mirrorDrawn: typeof drawn = [];
  for (const { owner: name, page, key, box } of rows.dpts) {
    if (band && !inBand(box, band)) continue;
    const mirror = getMirror(world, name);
    const e = mirror ? pvecGet(mirror.pt, page) : null;
    const visible = inBand(box, band);
    if (e !== null) {
      const target = layout.frames.get(e.frame);
      if (target && (visible || inBand(target, band)))
        arrows.push({
          key,
          d: devLinkPath(box, target),
          kind: `dpt-${e.access}`,
          changed: ch.dpts.has(key),
          mark: arrowMark(key, `frame:${e.frame}`),
        });
    }
    if (!visible) continue;
    mirrorDrawn.push({
      box,
      node: (
        <EntryRow
          key={key}
          box={box}
          table="dpt"
          kind={e?.access ?? 'none'}
          page={page}
          badge={e ? e.access : 'none'}
          target={e ? frameLabel(world, e.frame) : null}
          locked={false}
          label={describeDpt(world, name, page, e)}
          changed={ch.dpts.has(key)}
          mark={markOf(key)}
          inspectKey={key}
          tabbable={key === tabKey}
        />
      ),
    });
  }

  for (const r of extent.regions) {
    for (const index of r.frames) {
      const box = layout.frames.get(index);
      if (!box || !inBand(box, band)) continue;
      const f = getFrame(world, index);
      const offline = f.zone === 'device' && f.pgmap === null;
      const free =
        !offline &&
        (r.kind === 'system' ? f.refcount === 0 && f.mapcount === 0 : isFreeDeviceFrame(f));
      const key = `frame:${index}`;
      drawn.push({
        box,
        node: (
          <FrameRow
            key={key}
            box={box}
            region={r.kind}
            state={offline ? 'offline' : free ? 'free' : 'used'}
            name={frameLabel(world, index)}
            value={f.value}
            locked={f.locked}
            owner={typeof f.zoneDeviceData === 'string' ? f.zoneDeviceData : null}
            counters={frameCounters(f)}
            label={describeFrame(world, index, f)}
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
  const full = {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width * scale,
    height: layout.height * scale,
  };

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
      <svg className="stage-layer" {...full}>
        {layout.procs.map((g) => (
          <g key={g.key} className="stage-group stage-group--proc">
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={8} />
            <text x={g.x + 10} y={g.y + 19} className="stage-group__title">
              {g.title} · page table
            </text>
          </g>
        ))}
        {layout.regions.map((g, i) => {
          const region = extent.regions[i]!;
          const dev =
            region.kind === 'private' || region.kind === 'coherent'
              ? getDevice(world, region.id)
              : undefined;
          return (
            <g
              key={g.key}
              className={`stage-group stage-group--${g.kind}`}
              data-changed={(dev && ch.devices.has(dev.name)) || undefined}
            >
              <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={8} />
              <text x={g.x + 10} y={g.y + 19} className="stage-group__title">
                {g.title}
              </text>
              {dev ? (
                <text
                  x={g.x + g.width - 10}
                  y={g.y + 19}
                  textAnchor="end"
                  className="stage-group__meta"
                >
                  {pgmapMeta(dev)}
                </text>
              ) : null}
            </g>
          );
        })}
        {layout.mirrors.map((g, i) => {
          const m = getMirror(world, extent.mirrors[i]!.name);
          return (
            <g
              key={g.key}
              className="stage-group stage-group--mirror"
              data-changed={ch.seq.has(extent.mirrors[i]!.name) || undefined}
            >
              <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={8} />
              <text x={g.x + 10} y={g.y + 19} className="stage-group__title">
                {g.title}
              </text>
              <text
                x={g.x + g.width - 10}
                y={g.y + 19}
                textAnchor="end"
                className="stage-group__meta"
              >
                {m ? `seq ${m.seq}${m.locked ? ' · mutex held' : ''}` : 'closed'}
              </text>
            </g>
          );
        })}
      </svg>
      <svg className="stage-layer" {...full} aria-hidden="true">
        <defs>
          <marker
            id="stage-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0 0 8 4 0 8z" className="stage-arrowhead" />
          </marker>
        </defs>
        <g className="stage-arrows">
          {arrows.map((a) => (
            <path
              key={a.key}
              d={a.d}
              className={`stage-arrow stage-arrow--${a.kind}`}
              data-changed={a.changed || undefined}
              data-mark={a.mark}
              markerEnd="url(#stage-arrow)"
            />
          ))}
        </g>
      </svg>
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
