/**
 * Geometry of the gm_mapping state diagram (domain.md §2.18, the transition table under G5):
 * three states, NOMAP and CPU on the left, DEVICE on the right, edges between them and self
 * loops whose events are stacked as separate labels. Pure numbers: GmMappingDiagram draws them.
 */
import type { Box } from './stageLayout';

export type GmDiagramState = 'NOMAP' | 'CPU' | 'DEVICE';

export const GM_DIAGRAM = {
  width: 560,
  height: 320,
  node: { width: 104, height: 34 },
  /** Distance between two stacked labels of one self loop. */
  labelLine: 13,
} as const;

/** Where each state's box sits: NOMAP above CPU, DEVICE to the right between them. */
export const GM_NODES: Readonly<Record<GmDiagramState, Box>> = {
  NOMAP: { x: 40, y: 62, ...GM_DIAGRAM.node },
  CPU: { x: 40, y: 222, ...GM_DIAGRAM.node },
  DEVICE: { x: 400, y: 142, ...GM_DIAGRAM.node },
};

export interface Point {
  x: number;
  y: number;
}

export interface EdgeSpec {
  from: GmDiagramState;
  to: GmDiagramState;
  /** Sideways bend of an edge between two states, in units (+ bends to the right of travel). */
  bend?: number;
  /** Self loops: which side of the box, and the label's place in the loop's stack (0 = nearest). */
  side?: 'top' | 'bottom';
  stack?: number;
  /** Which side of a straight edge its label goes: 1 = right of travel (default), -1 = left. */
  labelSide?: 1 | -1;
  /** A self loop's label: centred on the loop (default), or starting at its left foot. */
  labelStart?: boolean;
}

export interface EdgeGeometry {
  /** SVG path, ending where the arrowhead goes. */
  d: string;
  label: Point & { anchor: 'start' | 'middle' | 'end' };
}

const center = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the ray from a box's centre toward `p` leaves the box. */
export function boxExit(b: Box, p: Point): Point {
  const c = center(b);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : b.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A self loop on the top or bottom of a box; its labels stack away from the box. */
function loop(b: Box, side: 'top' | 'bottom', stack: number, start: boolean): EdgeGeometry {
  const c = center(b);
  const y0 = side === 'top' ? b.y : b.y + b.height;
  const out = side === 'top' ? -1 : 1;
  const y1 = y0 + out * 26;
  const d = `M${r1(c.x - 18)} ${y0} C${r1(c.x - 30)} ${y1} ${r1(c.x + 30)} ${y1} ${r1(c.x + 18)} ${y0}`;
  const y = y0 + out * (32 + stack * GM_DIAGRAM.labelLine);
  return start
    ? { d, label: { x: c.x - 30, y, anchor: 'start' } }
    : { d, label: { x: c.x, y, anchor: 'middle' } };
}

/** The path and label place of one edge of the diagram. */
export function edgeGeometry(e: EdgeSpec): EdgeGeometry {
  const a = GM_NODES[e.from];
  const b = GM_NODES[e.to];
  if (e.from === e.to) return loop(a, e.side ?? 'top', e.stack ?? 0, e.labelStart === true);
  const ca = center(a);
  const cb = center(b);
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const len = Math.hypot(dx, dy) || 1;
  // The normal to the right of the direction of travel (SVG's y points down).
  const nx = -dy / len;
  const ny = dx / len;
  const bend = e.bend ?? 0;
  const ctrl = { x: (ca.x + cb.x) / 2 + nx * bend * 2, y: (ca.y + cb.y) / 2 + ny * bend * 2 };
  const p0 = boxExit(a, bend === 0 ? cb : ctrl);
  const p1 = boxExit(b, bend === 0 ? ca : ctrl);
  // The curve's midpoint (t = ½ of the quadratic through ctrl), then 10 units further out.
  const mid = {
    x: 0.25 * p0.x + 0.5 * ctrl.x + 0.25 * p1.x,
    y: 0.25 * p0.y + 0.5 * ctrl.y + 0.25 * p1.y,
  };
  const side = bend === 0 ? (e.labelSide ?? 1) : Math.sign(bend);
  const lx = mid.x + nx * 10 * side;
  const ly = mid.y + ny * 10 * side;
  const anchor = Math.abs(nx) < 0.2 ? 'middle' : nx * side > 0 ? 'start' : 'end';
  return {
    d: `M${r1(p0.x)} ${r1(p0.y)} Q${r1(ctrl.x)} ${r1(ctrl.y)} ${r1(p1.x)} ${r1(p1.y)}`,
    label: { x: r1(lx), y: r1(ly), anchor },
  };
}
