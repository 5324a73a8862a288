/** The view options a link carries (zoom, opened ranges, pinned item, speed), and their limits. */

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** View limits: zoom range, how many expanded panels and how long an id, speed indices. */
export const VIEW_LIMITS = {
  minZoom: 0.25,
  maxZoom: 4,
  maxExpanded: 200,
  maxId: 100,
  maxSpeed: 5,
} as const;

export interface LinkView {
  zoom?: 'fit' | number;
  expanded?: string[];
  pinned?: string;
  speed?: number;
}

/**
 * The valid fields of a view, in a fixed order; anything else is dropped (a link whose view is
 * partly wrong still opens, with those parts at their defaults). Empty → undefined.
 */
export function sanitizeView(x: unknown): LinkView | undefined {
  if (!isRecord(x)) return undefined;
  const L = VIEW_LIMITS;
  const v: LinkView = {};
  const { zoom, expanded, pinned, speed } = x;
  const isId = (s: unknown): s is string => typeof s === 'string' && s.length <= L.maxId;
  if (zoom === 'fit' || (typeof zoom === 'number' && zoom >= L.minZoom && zoom <= L.maxZoom)) {
    v.zoom = zoom;
  }
  if (Array.isArray(expanded) && expanded.length <= L.maxExpanded && expanded.every(isId)) {
    v.expanded = [...expanded];
  }
  if (isId(pinned)) v.pinned = pinned;
  if (Number.isInteger(speed) && (speed as number) >= 0 && (speed as number) <= L.maxSpeed) {
    v.speed = speed as number;
  }
  return Object.keys(v).length > 0 ? v : undefined;
}
