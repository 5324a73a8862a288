/**
 * What the stage shows over a whole scenario: every process page, mirror page and frame that is
 * ever in use. The layout is computed once from this extent, so nothing moves while stepping —
 * an entry that appears later already has its row, empty until then.
 */
import { getFrame, pvecForEach, type Changes, type World } from '../../engine';

export interface ProcExtent {
  name: string;
  /** Virtual pages that are in a VMA or have an entry at some point, ascending. */
  pages: number[];
  /** Pages some micro-step changes; the others stay empty all along and may be collapsed. */
  touched: number[];
}

export interface MirrorExtent {
  name: string;
  device: string;
  proc: string;
  /** Pages of the device table (and of HMM's own table, when there is one), ascending. */
  pages: number[];
  touched: number[];
  /**
   * 2015 API: HMM kept its own mirror table (`mirror->pt`) beside the driver's; both are drawn,
   * with the same rows. Absent otherwise.
   */
  hmmTable?: true;
}

/** `fake`: the 2015 dummy driver's fake device memory (ordinary pages, a bitmap allocator). */
export type RegionKind = 'system' | 'zero' | 'private' | 'coherent' | 'fake';

export interface RegionExtent {
  /** `sys`, `zero`, or the device's name. */
  id: string;
  kind: RegionKind;
  /** Global frame indices shown, ascending. */
  frames: number[];
  /** Frames some micro-step changes (a device page never touched stays free all along). */
  touched: number[];
}

export interface StageExtent {
  procs: ProcExtent[];
  mirrors: MirrorExtent[];
  regions: RegionExtent[];
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

/** What the extent is computed from: every recorded state and the change that led to it. */
export interface ExtentFrame {
  world: World;
  microstep?: { changed: Changes } | null;
}

/** Everything any micro-step changed, per process, mirror and frame. */
function touchedBy(frames: readonly ExtentFrame[]) {
  const ptes = new Map<string, Set<number>>();
  const dpts = new Map<string, Set<number>>();
  const framesTouched = new Set<number>();
  const add = (m: Map<string, Set<number>>, k: string, pages: readonly number[]) => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    for (const p of pages) s.add(p);
  };
  for (const f of frames) {
    const c = f.microstep?.changed;
    if (!c) continue;
    for (const p of c.ptes) add(ptes, p.proc, p.pages);
    for (const m of c.mirrors) add(dpts, m.mirror, m.pages);
    for (const i of c.frames) framesTouched.add(i);
  }
  return { ptes, dpts, frames: framesTouched };
}

const touchedOf = (pages: number[], set: ReadonlySet<number> | undefined) =>
  pages.filter((p) => set?.has(p));

/**
 * The union over `frames` of what each process, mirror and memory region shows. System frames
 * appear once used (refcount, mapcount or pin above zero); device frames always (free ones are
 * drawn apart, on the driver's free list); the zero page when something maps it.
 */
export function stageExtent(frames: readonly ExtentFrame[]): StageExtent {
  const touched = touchedBy(frames);
  const procPages = new Map<string, Set<number>>();
  const mirrors = new Map<string, MirrorExtent & { set: Set<number> }>();
  const sysFrames = new Set<number>();
  let zeroUsed = false;
  // Devices with fake memory (2015) in any run: the compare view lays two APIs out as one.
  const fake = new Set<string>();
  const first = frames[0]?.world;
  // Worlds share structure: a page table or VMA list that is the same object as in the previous
  // state was already scanned, which keeps this linear in what changes, not in states × pages.
  const seen = new WeakSet<object>();
  const isUsed = (w: World, i: number) => {
    const f = getFrame(w, i);
    return f.refcount > 0 || f.mapcount > 0 || f.pincount > 0;
  };
  for (const [k, { world: w, microstep }] of frames.entries()) {
    for (const name of w.deviceNames) if (w.devices[name]?.rmemBitmap) fake.add(name);
    for (const name of Object.keys(w.procs)) {
      const p = w.procs[name]!;
      let set = procPages.get(name);
      if (!set) procPages.set(name, (set = new Set()));
      if (!seen.has(p.vmas)) {
        seen.add(p.vmas);
        for (const v of p.vmas) for (let i = v.start; i < v.end; i++) set.add(i);
      }
      if (!seen.has(p.pt)) {
        seen.add(p.pt);
        pvecForEach(p.pt, 0, Number.MAX_SAFE_INTEGER, (i, pte) => {
          set!.add(i);
          if (pte.kind === 'present' && pte.zero) zeroUsed = true;
        });
      }
    }
    for (const name of Object.keys(w.mirrors)) {
      const m = w.mirrors[name]!;
      let e = mirrors.get(name);
      if (!e) {
        e = { name, device: m.device, proc: m.proc, pages: [], touched: [], set: new Set() };
        mirrors.set(name, e);
      }
      if (m.hmmPt) e.hmmTable = true;
      for (const table of m.hmmPt ? [m.pt, m.hmmPt] : [m.pt]) {
        if (seen.has(table)) continue;
        seen.add(table);
        pvecForEach(table, 0, Number.MAX_SAFE_INTEGER, (i) => e!.set.add(i));
      }
    }
    // A system frame becomes used only in a micro-step that lists it (changed-sets are exact).
    if (k === 0) {
      pvecForEach(w.frames, 0, w.systemPages, (i) => {
        if (isUsed(w, i)) sysFrames.add(i);
      });
    }
    for (const i of microstep?.changed.frames ?? []) {
      if (i < w.systemPages && isUsed(w, i)) sysFrames.add(i);
    }
  }
  const region = (id: string, kind: RegionKind, list: number[]): RegionExtent => ({
    id,
    kind,
    frames: list,
    touched: touchedOf(list, touched.frames),
  });
  // A used system frame was always touched (it starts free); it is never collapsed.
  const sys = sorted(sysFrames);
  const regions: RegionExtent[] = [{ id: 'sys', kind: 'system', frames: sys, touched: sys }];
  if (first && zeroUsed) {
    regions.push({
      id: 'zero',
      kind: 'zero',
      frames: [first.zeroFrame],
      touched: [first.zeroFrame],
    });
  }
  for (const name of first?.deviceNames ?? []) {
    const d = first!.devices[name]!;
    const list = Array.from({ length: d.pages }, (_, i) => d.base + i);
    regions.push(region(name, fake.has(name) ? 'fake' : d.memory, list));
  }
  return {
    procs: [...procPages].map(([name, set]) => {
      const pages = sorted(set);
      return { name, pages, touched: touchedOf(pages, touched.ptes.get(name)) };
    }),
    mirrors: [...mirrors.values()].map(({ set, ...m }) => {
      const pages = sorted(set);
      return { ...m, pages, touched: touchedOf(pages, touched.dpts.get(m.name)) };
    }),
    regions,
  };
}
