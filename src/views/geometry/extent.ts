/**
 * What the stage shows over a whole scenario: every process page, mirror page and frame that is
 * ever in use. The layout is computed once from this extent, so nothing moves while stepping —
 * an entry that appears later already has its row, empty until then.
 */
import { pvecForEach, type World } from '../../engine';

export interface ProcExtent {
  name: string;
  /** Virtual pages that are in a VMA or have an entry at some point, ascending. */
  pages: number[];
}

export interface MirrorExtent {
  name: string;
  device: string;
  proc: string;
  pages: number[];
}

export type RegionKind = 'system' | 'zero' | 'private' | 'coherent';

export interface RegionExtent {
  /** `sys`, `zero`, or the device's name. */
  id: string;
  kind: RegionKind;
  /** Global frame indices shown, ascending. */
  frames: number[];
}

export interface StageExtent {
  procs: ProcExtent[];
  mirrors: MirrorExtent[];
  regions: RegionExtent[];
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

/**
 * The union over `worlds` of what each process, mirror and memory region shows. System frames
 * appear once used (refcount, mapcount or pin above zero); device frames always (free ones are
 * drawn apart, on the driver's free list); the zero page when something maps it.
 */
export function stageExtent(worlds: readonly World[]): StageExtent {
  const procPages = new Map<string, Set<number>>();
  const mirrors = new Map<string, MirrorExtent & { set: Set<number> }>();
  const sysFrames = new Set<number>();
  let zeroUsed = false;
  const first = worlds[0];
  for (const w of worlds) {
    for (const name of Object.keys(w.procs)) {
      const p = w.procs[name]!;
      let set = procPages.get(name);
      if (!set) procPages.set(name, (set = new Set()));
      for (const v of p.vmas) for (let i = v.start; i < v.end; i++) set.add(i);
      pvecForEach(p.pt, 0, Number.MAX_SAFE_INTEGER, (i, pte) => {
        set!.add(i);
        if (pte.kind === 'present' && pte.zero) zeroUsed = true;
      });
    }
    for (const name of Object.keys(w.mirrors)) {
      const m = w.mirrors[name]!;
      let e = mirrors.get(name);
      if (!e) {
        e = { name, device: m.device, proc: m.proc, pages: [], set: new Set() };
        mirrors.set(name, e);
      }
      pvecForEach(m.pt, 0, Number.MAX_SAFE_INTEGER, (i) => e!.set.add(i));
    }
    pvecForEach(w.frames, 0, w.systemPages, (i, f) => {
      if (f.refcount > 0 || f.mapcount > 0 || f.pincount > 0) sysFrames.add(i);
    });
  }
  const regions: RegionExtent[] = [{ id: 'sys', kind: 'system', frames: sorted(sysFrames) }];
  if (first && zeroUsed) regions.push({ id: 'zero', kind: 'zero', frames: [first.zeroFrame] });
  for (const name of first?.deviceNames ?? []) {
    const d = first!.devices[name]!;
    regions.push({
      id: name,
      kind: d.memory,
      frames: Array.from({ length: d.pages }, (_, i) => d.base + i),
    });
  }
  return {
    procs: [...procPages].map(([name, set]) => ({ name, pages: sorted(set) })),
    mirrors: [...mirrors.values()].map(({ set, ...m }) => ({ ...m, pages: sorted(set) })),
    regions,
  };
}
