/**
 * The stage's two full-size layers under the rows: the groups (each page table, memory region
 * and device page table with its header: pgmap owner and references, mirror sequence and lock)
 * and the arrows from entries to frames.
 */
import { memo } from 'react';
import { getDevice, getMirror, type Device, type World } from '../../engine';
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import type { Arrow, Changed } from './StageView';

interface Full {
  viewBox: string;
  width: number;
  height: number;
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

export const StageGroups = memo(function StageGroups({
  extent,
  layout,
  world,
  changed: ch,
  full,
}: {
  extent: StageExtent;
  layout: StageLayout;
  world: World;
  changed: Changed;
  full: Full;
}) {
  return (
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
  );
});

export const StageArrows = memo(function StageArrows({
  arrows,
  full,
}: {
  arrows: readonly Arrow[];
  full: Full;
}) {
  return (
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
  );
});
