/**
 * The state machine of one gm_mapping (domain.md §2.18, the transition table under G5): NOMAP,
 * CPU and DEVICE with WILLNEED as a mark, every edge labelled by its event; the selected chunk's
 * state lit, and the edge the micro-step on screen just took lit too.
 */
import { memo } from 'react';
import type { GmMapping } from '../../engine';
import { edgeGeometry, GM_DIAGRAM, GM_NODES, type GmDiagramState } from '../geometry/gmemDiagram';
import { LockGlyph } from '../stage/StageGlyphs';
import { typeText } from './gmemModel';
import { GM_EDGES, stateOf, type GmEdgeId } from './transitions';

export interface GmMappingDiagramProps {
  /** What the diagram follows, e.g. `P1 c0 (pages 0–3)`; null when there is no chunk yet. */
  chunk: string | null;
  mapping: GmMapping | undefined;
  /** The edge the micro-step on screen took for this chunk, if any. */
  taken: GmEdgeId | null;
}

const STATES: readonly GmDiagramState[] = ['NOMAP', 'CPU', 'DEVICE'];
const GEOMETRY = new Map(GM_EDGES.map((e) => [e.id, edgeGeometry(e)]));

export const GmMappingDiagram = memo(function GmMappingDiagram({
  chunk,
  mapping,
  taken,
}: GmMappingDiagramProps) {
  const current = stateOf(mapping);
  const edge = GM_EDGES.find((e) => e.id === taken);
  const said =
    chunk === null
      ? 'No chunk selected.'
      : `${chunk}: ${typeText(mapping)}${mapping?.flag === 'DEVICE' ? ` on ${mapping.dev ?? '?'}` : ''}${mapping?.locked ? ', locked' : ''}.`;
  const label = `gm_mapping state machine. ${said}${edge ? ` Just taken: ${edge.long}.` : ''}`;
  // The taken edge is drawn last, over the others.
  const edges = [...GM_EDGES].sort((a, b) => Number(a.id === taken) - Number(b.id === taken));
  return (
    <figure className="gmem-diagram" data-testid="gmem-diagram">
      <svg
        viewBox={`0 0 ${GM_DIAGRAM.width} ${GM_DIAGRAM.height}`}
        role="img"
        aria-label={label}
        tabIndex={0}
      >
        <defs>
          <marker
            id="gmem-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0 0 8 4 0 8z" className="gmem-diagram__head" />
          </marker>
        </defs>
        {edges.map((e) => {
          const geo = GEOMETRY.get(e.id)!;
          const lit = e.id === taken;
          return (
            <g key={e.id} className="gmem-edge" data-edge={e.id} data-taken={lit || undefined}>
              <path d={geo.d} markerEnd="url(#gmem-arrow)" />
              <text x={geo.label.x} y={geo.label.y} textAnchor={geo.label.anchor}>
                {e.event}
              </text>
            </g>
          );
        })}
        {STATES.map((s) => {
          const b = GM_NODES[s];
          const on = s === current;
          return (
            <g
              key={s}
              className={`gmem-state gmem-state--${s.toLowerCase()}`}
              data-state={s}
              data-current={on || undefined}
            >
              <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={8} />
              {/* WILLNEED is a mark on the state, not a state: a second, smaller line. */}
              <text
                x={b.x + b.width / 2}
                y={b.y + b.height / 2 - (on && mapping?.willneed ? 6 : 0)}
                textAnchor="middle"
              >
                {s}
              </text>
              {on && mapping?.willneed ? (
                <text
                  className="gmem-state__mark"
                  x={b.x + b.width / 2}
                  y={b.y + b.height / 2 + 9}
                  textAnchor="middle"
                >
                  +WILLNEED
                </text>
              ) : null}
              {on && mapping?.locked ? <LockGlyph x={b.x + b.width - 16} y={b.y + 3} /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption data-testid="gmem-diagram-caption">
        {said}
        {edge ? ` Just taken: ${edge.event}.` : ''}
      </figcaption>
    </figure>
  );
});
