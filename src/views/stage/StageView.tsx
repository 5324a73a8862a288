import { memo, useMemo } from 'react';
import {
  frameLabel,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  pvecGet,
  type Changes,
  type World,
} from '../../engine';
import type { StageExtent } from '../geometry/extent';
import { cpuLinkPath, devLinkPath } from '../geometry/links';
import { entryKey, type Box, type StageLayout } from '../geometry/stageLayout';
import {
  describeDpt,
  describeFrame,
  describePte,
  frameCounters,
  isFreeDeviceFrame,
  pteBadge,
} from './describe';
import './StageView.css';

export interface StageViewProps {
  extent: StageExtent;
  layout: StageLayout;
  /** The state on screen. */
  world: World;
  /** What the current micro-step changed, highlighted everywhere it appears. */
  changed: Changes | null;
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

/** A padlock: a locked page (PG_locked), or a migration entry, which only exists under it. */
function LockGlyph({ x, y }: { x: number; y: number }) {
  return (
    <g className="stage-lock" transform={`translate(${x},${y})`} aria-hidden="true">
      <rect x={1} y={5} width={10} height={7} rx={1.5} />
      <path d="M3.5 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" />
    </g>
  );
}

function Row({
  box,
  className,
  label,
  children,
  changed,
}: {
  box: Box;
  className: string;
  label: string;
  changed: boolean;
  children: React.ReactNode;
}) {
  return (
    <g
      className={`stage-row ${className}`}
      data-changed={changed || undefined}
      transform={`translate(${box.x},${box.y})`}
      tabIndex={0}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <rect className="stage-row__bg" width={box.width} height={box.height} rx={4} />
      {children}
    </g>
  );
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
}: StageViewProps) {
  const ch = useMemo(() => changedSets(changed), [changed]);
  const arrows: { key: string; d: string; kind: string; changed: boolean }[] = [];

  const procRows = extent.procs.flatMap((p) =>
    p.pages.map((page) => {
      const key = entryKey('pte', p.name, page);
      const box = layout.entries.get(key)!;
      const pte = getPte(world, p.name, page);
      const kind = pte === null ? 'none' : pte.kind === 'present' && pte.zero ? 'zero' : pte.kind;
      if (pte !== null) {
        const target = layout.frames.get(pte.frame);
        if (target)
          arrows.push({ key, d: cpuLinkPath(box, target), kind, changed: ch.ptes.has(key) });
      }
      return (
        <Row
          key={key}
          box={box}
          className={`pte pte--${kind}`}
          label={describePte(world, p.name, page, pte)}
          changed={ch.ptes.has(key)}
        >
          <text className="stage-row__page" x={8} y={box.height / 2}>
            {page}
          </text>
          {kind === 'migration' ? <LockGlyph x={30} y={box.height / 2 - 6} /> : null}
          <text className="stage-row__badge" x={kind === 'migration' ? 44 : 40} y={box.height / 2}>
            {pteBadge(pte)}
          </text>
          {pte !== null ? (
            <text
              className="stage-row__target"
              x={box.width - 8}
              y={box.height / 2}
              textAnchor="end"
            >
              {frameLabel(world, pte.frame)}
            </text>
          ) : null}
        </Row>
      );
    }),
  );

  const mirrorRows = extent.mirrors.flatMap((m) => {
    const mirror = getMirror(world, m.name);
    return m.pages.map((page) => {
      const key = entryKey('dpt', m.name, page);
      const box = layout.entries.get(key)!;
      const e = mirror ? pvecGet(mirror.pt, page) : null;
      if (e !== null) {
        const target = layout.frames.get(e.frame);
        if (target)
          arrows.push({
            key,
            d: devLinkPath(box, target),
            kind: `dpt-${e.access}`,
            changed: ch.dpts.has(key),
          });
      }
      return (
        <Row
          key={key}
          box={box}
          className={`dpt dpt--${e?.access ?? 'none'}`}
          label={describeDpt(world, m.name, page, e)}
          changed={ch.dpts.has(key)}
        >
          <text className="stage-row__page" x={8} y={box.height / 2}>
            {page}
          </text>
          <text className="stage-row__badge" x={40} y={box.height / 2}>
            {e ? e.access : 'none'}
          </text>
          {e ? (
            <text
              className="stage-row__target"
              x={box.width - 8}
              y={box.height / 2}
              textAnchor="end"
            >
              {frameLabel(world, e.frame)}
            </text>
          ) : null}
        </Row>
      );
    });
  });

  const frameRows = extent.regions.flatMap((r) =>
    r.frames.map((index) => {
      const box = layout.frames.get(index)!;
      const f = getFrame(world, index);
      const offline = f.zone === 'device' && f.pgmap === null;
      const free =
        !offline &&
        (r.kind === 'system' ? f.refcount === 0 && f.mapcount === 0 : isFreeDeviceFrame(f));
      const owner = typeof f.zoneDeviceData === 'string' ? f.zoneDeviceData : null;
      return (
        <Row
          key={`frame:${index}`}
          box={box}
          className={`frame frame--${r.kind}${free ? ' frame--free' : ''}${offline ? ' frame--offline' : ''}${f.locked ? ' frame--locked' : ''}`}
          label={describeFrame(world, index, f)}
          changed={ch.frames.has(index)}
        >
          <text className="stage-row__page" x={8} y={box.height / 2}>
            {frameLabel(world, index)}
          </text>
          {offline ? (
            <text className="stage-row__badge" x={70} y={box.height / 2}>
              not registered
            </text>
          ) : free ? (
            <text className="stage-row__badge" x={70} y={box.height / 2}>
              free
            </text>
          ) : (
            <>
              <text className="stage-row__value" x={70} y={box.height / 2}>
                = {f.value}
              </text>
              {f.locked ? <LockGlyph x={112} y={box.height / 2 - 6} /> : null}
              {owner ? (
                <text className="stage-row__owner" x={128} y={box.height / 2}>
                  {owner}
                </text>
              ) : null}
              <text
                className="stage-row__counters"
                x={box.width - 8}
                y={box.height / 2}
                textAnchor="end"
              >
                {frameCounters(f)}
              </text>
            </>
          )}
        </Row>
      );
    }),
  );

  return (
    <svg
      className="stage-svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="group"
      aria-label="Page tables and memory"
      data-testid="stage-svg"
    >
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
        const pgmap = dev?.pgmap;
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
                {pgmap ? `pgmap ref ${pgmap.refcount} · free ${dev.nrFree}` : 'no pgmap'}
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
              {m ? `seq ${m.seq}` : 'closed'}
            </text>
          </g>
        );
      })}
      <g className="stage-arrows" aria-hidden="true">
        {arrows.map((a) => (
          <path
            key={a.key}
            d={a.d}
            className={`stage-arrow stage-arrow--${a.kind}`}
            data-changed={a.changed || undefined}
            markerEnd="url(#stage-arrow)"
          />
        ))}
      </g>
      <g>{procRows}</g>
      <g>{frameRows}</g>
      <g>{mirrorRows}</g>
    </svg>
  );
});
