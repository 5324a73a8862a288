/**
 * The whole stage in a few sentences, for screen readers (and anyone who wants the gist): per
 * process how many entries of each kind, per memory how many pages are in use, per mirror its
 * sequence number and entries. Row-by-row detail stays on the rows themselves.
 */
import {
  getFrame,
  getMirror,
  getProc,
  isFreeDevicePage,
  pvecForEach,
  type DptEntry,
  type World,
} from '../../engine';
import type { StageExtent } from '../geometry/extent';
import { pteBadge } from './describe';
import { bitmapMeta, dpfnLine, mirrorBadge } from './describe2015';

const counted = (counts: Map<string, number>) =>
  [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no entries';

function tally<T>(forEach: (f: (v: T) => void) => void, key: (v: T) => string) {
  const counts = new Map<string, number>();
  forEach((v) => counts.set(key(v), (counts.get(key(v)) ?? 0) + 1));
  return counts;
}

export function describeStage(world: World, extent: StageExtent): string {
  const out: string[] = [];
  for (const p of extent.procs) {
    const proc = getProc(world, p.name);
    if (!proc) continue;
    const counts = tally(
      (f) => pvecForEach(proc.pt, 0, Number.MAX_SAFE_INTEGER, (_, e) => f(e)),
      pteBadge,
    );
    out.push(`Process ${p.name}${proc.alive ? '' : ' (exited)'}: ${counted(counts)}.`);
  }
  for (const r of extent.regions) {
    if (r.kind === 'zero') continue;
    const fake = r.kind === 'fake' ? world.devices[r.id] : undefined;
    if (fake) {
      // 2015: the bitmap says what is in use (every fake page keeps refcount 1).
      out.push(`${r.id} (fake device memory): ${bitmapMeta(fake)}; ${dpfnLine(fake)}.`);
      continue;
    }
    let used = 0;
    for (const i of r.frames) {
      const f = getFrame(world, i);
      if (f.refcount > 0 && !isFreeDevicePage(world.config, f)) used++;
    }
    if (r.kind === 'system') out.push(`System RAM: ${used} pages shown in use.`);
    else {
      const d = world.devices[r.id];
      const pgmap = d?.pgmap ? `pgmap ref ${d.pgmap.refcount}` : 'no pgmap';
      out.push(`${r.id} (${r.kind} memory): ${used} of ${r.frames.length} pages in use, ${pgmap}.`);
    }
  }
  for (const m of extent.mirrors) {
    const mirror = getMirror(world, m.name);
    if (!mirror) {
      out.push(`Mirror ${m.name}: closed.`);
      continue;
    }
    const count = (pt: typeof mirror.pt) =>
      counted(
        tally<DptEntry>(
          (f) => pvecForEach(pt, 0, Number.MAX_SAFE_INTEGER, (_, e) => f(e)),
          mirror.hmmPt ? mirrorBadge : (e) => e.access,
        ),
      );
    const tables = mirror.hmmPt
      ? `HMM mirror table: ${count(mirror.hmmPt)}; dummy device table: ${count(mirror.pt)}`
      : count(mirror.pt);
    const seq = mirror.hmmPt ? '' : `seq ${mirror.seq}, `;
    out.push(`Mirror ${m.name} of ${m.device}: ${seq}${tables}.`);
  }
  return out.join(' ');
}
