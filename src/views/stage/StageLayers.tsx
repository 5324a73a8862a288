/**
 * The stage's two full-size layers under the rows: the groups (each page table, memory region
 * and device page table with its header: pgmap owner and references, mirror sequence and lock)
 * and the arrows from entries to frames.
 */
import { memo } from 'react';
import { getDevice, getMirror, type Device, type World } from '../../engine';
import type { StageExtent } from '../geometry/extent';
import { STAGE, type StageLayout } from '../geometry/stageLayout';
import { GMEM_MEMORY, isGmemDevice } from '../gmem/describeGmem';
import { bitmapMeta, dpfnLine, FAKE_CAPTION } from './describe2015';
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
          region.kind === 'private' || region.kind === 'coherent' || region.kind === 'fake'
            ? getDevice(world, region.id)
            : undefined;
        // The world decides (a compare pane on another API shares a 2015 pane's layout).
        const fake = dev?.rmemBitmap !== undefined;
        // GMEM (seed 003): the driver's own memory, not a ZONE_DEVICE pgmap.
        const gmem = isGmemDevice(dev);
        return (
          <g
            key={g.key}
            className={`stage-group stage-group--${g.kind}${gmem ? ' stage-group--gmem' : ''}`}
            data-changed={(dev && ch.devices.has(dev.name)) || undefined}
          >
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={8} />
            <text x={g.x + 10} y={g.y + 19} className="stage-group__title">
              {dev && gmem
                ? `${dev.name} · ${GMEM_MEMORY}`
                : dev && region.kind === 'fake' && !fake
                  ? `${dev.name} · ${dev.memory}`
                  : g.title}
            </text>
            {/* A GMEM device's long caption fills the line; its rows say what is in use. */}
            {dev && !gmem ? (
              <text
                x={g.x + g.width - 10}
                y={g.y + 19}
                textAnchor="end"
                className="stage-group__meta"
              >
                {fake ? bitmapMeta(dev) : pgmapMeta(dev)}
              </text>
            ) : null}
            {fake ? (
              // What fake device memory is, and the in-flight MIGRATE_TO's reservations
              // (rows start below these lines: geometry's FAKE_HEADER).
              <>
                {FAKE_CAPTION.map((line, k) => (
                  <text
                    key={k}
                    x={g.x + 10}
                    y={g.y + STAGE.header + 4 + k * STAGE.captionLine}
                    className="stage-group__caption"
                  >
                    {line}
                  </text>
                ))}
                <text
                  x={g.x + 10}
                  y={g.y + STAGE.header + 4 + 2 * STAGE.captionLine}
                  className="stage-group__dpfn"
                  data-active={dev.dpfn ? true : undefined}
                >
                  {dpfnLine(dev)}
                </text>
              </>
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
              {m
                ? m.hmmPt !== undefined
                  ? 'hmm_mirror (2015)'
                  : `seq ${m.seq}${m.locked ? ' · mutex held' : ''}`
                : 'closed'}
            </text>
            {(world.config.api === '2015' ? (g.sections ?? []) : []).map((sec) => (
              <text
                key={sec.key}
                x={g.x + 10}
                y={sec.y + STAGE.sectionHead / 2 + 4}
                className={`stage-group__section stage-group__section--${sec.key.startsWith('hmm:') ? 'hpt' : 'dpt'}`}
              >
                {sec.title}
              </text>
            ))}
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
