/**
 * The `data-inspect` keys rows carry (`pte:A:3`, `dpt:m0:3`, `hpt:m0:3`, `frame:12`, as
 * geometry's entryKey), to and from inspect targets; and the boxes a micro-step changed.
 */
import type { Changes } from '../../engine';
import type { InspectTarget } from '../../store/slices/stageSlice';
import { entryKey, type Box, type StageLayout } from '../geometry/stageLayout';

export function targetKey(t: InspectTarget): string {
  switch (t.kind) {
    case 'frame':
      return `frame:${t.index}`;
    case 'pte':
      return entryKey('pte', t.proc, t.page);
    case 'dpt':
    case 'hpt':
      return entryKey(t.kind, t.mirror, t.page);
  }
}

/** Names never contain ':' (scenario schema), so the last field is always the number. */
export function parseInspectKey(key: string | null): InspectTarget | null {
  if (!key) return null;
  const parts = key.split(':');
  const n = Number(parts[parts.length - 1]);
  if (!Number.isInteger(n)) return null;
  if (parts[0] === 'frame' && parts.length === 2) return { kind: 'frame', index: n };
  if (parts.length !== 3) return null;
  if (parts[0] === 'pte') return { kind: 'pte', proc: parts[1]!, page: n };
  if (parts[0] === 'dpt' || parts[0] === 'hpt')
    return { kind: parts[0], mirror: parts[1]!, page: n };
  return null;
}

/** Where a micro-step's changes are drawn (entries first, then frames), for following them. */
export function changedBoxes(c: Changes | null, layout: StageLayout): Box[] {
  if (!c) return [];
  const out: Box[] = [];
  const push = (b: Box | undefined) => b && out.push(b);
  for (const p of c.ptes)
    for (const page of p.pages) push(layout.entries.get(entryKey('pte', p.proc, page)));
  // A mirror's change names pages, not which of a 2015 mirror's two tables: both are followed.
  for (const m of c.mirrors)
    for (const page of m.pages) {
      push(layout.entries.get(entryKey('dpt', m.mirror, page)));
      push(layout.entries.get(entryKey('hpt', m.mirror, page)));
    }
  for (const f of c.frames) push(layout.frames.get(f));
  return out;
}
