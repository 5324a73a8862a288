/**
 * Stage entities a walkthrough names — CPU entries, device entries, frames — as the stage's
 * `data-inspect` keys (`pte:A:3`, `dpt:m0:3`, `frame:12`), and the sets a selector picks.
 */
import { deviceOfFrame, getDevice, getFrame, getMirror, getPte } from '../../engine/world';
import { pvecGet } from '../../engine/pvec';
import type { DptEntry, Frame, Pte, World } from '../../engine/types';
import type { EntityRef, Selector } from './schema';

/** The two states a question is about: before the micro-step, and after it. */
export interface Moment {
  before: World;
  after: World;
}

export const pteKey = (proc: string, page: number) => `pte:${proc}:${page}`;
export const dptKey = (mirror: string, page: number) => `dpt:${mirror}:${page}`;
export const frameKey = (index: number) => `frame:${index}`;

export function dptOf(world: World, mirror: string, page: number): DptEntry | null {
  const m = getMirror(world, mirror);
  return m === undefined ? null : pvecGet(m.pt, page);
}

/** Frame indices of the whole machine: system RAM, the zero page, each device's memory. */
export function frameCount(world: World): number {
  let n = world.zeroFrame + 1;
  for (const d of Object.values(world.devices)) n = Math.max(n, d.base + d.pages);
  return n;
}

/** The frame an entity stands for (an entry's target), or null when it names none. */
export function frameIndexOf(m: Moment, ref: EntityRef): number | null {
  if ('pfn' in ref) return ref.pfn < frameCount(m.after) ? ref.pfn : null;
  if ('devicePage' in ref) {
    const d = getDevice(m.after, ref.devicePage.device);
    return d && ref.devicePage.index < d.pages ? d.base + ref.devicePage.index : null;
  }
  if ('frameOf' in ref) {
    const w = ref.in === 'after' ? m.after : m.before;
    const o = ref.frameOf;
    const entry =
      'pte' in o ? getPte(w, o.pte.proc, o.pte.page) : dptOf(w, o.dpt.mirror, o.dpt.page);
    if (entry === null || ('kind' in entry && entry.kind === 'present' && entry.zero)) return null;
    return entry.frame;
  }
  return null;
}

/** The stage key of an entity, or null when it names nothing that is drawn. */
export function entityKey(m: Moment, ref: EntityRef): string | null {
  if ('pte' in ref) return pteKey(ref.pte.proc, ref.pte.page);
  if ('dpt' in ref) return dptKey(ref.dpt.mirror, ref.dpt.page);
  const f = frameIndexOf(m, ref);
  return f === null ? null : frameKey(f);
}

type PteCond = { kind?: Pte['kind'] | 'none'; write?: boolean; device?: boolean };
function pteMatches(w: World, pte: Pte | null, c: PteCond): boolean {
  if (c.kind !== undefined && (pte?.kind ?? 'none') !== c.kind) return false;
  if (c.write !== undefined && (pte?.write ?? false) !== c.write) return false;
  if (c.device !== undefined) {
    const onDevice = pte !== null && deviceOfFrame(w, pte.frame) !== undefined;
    if (onDevice !== c.device) return false;
  }
  return true;
}

type DptCond = { valid?: boolean; access?: DptEntry['access'] };
const dptMatches = (e: DptEntry | null, c: DptCond) =>
  (c.valid === undefined || (e !== null) === c.valid) &&
  (c.access === undefined || e?.access === c.access);

type FrameCond = { zone?: Frame['zone']; inUse?: boolean; pinned?: boolean; minRefcount?: number };
const frameMatches = (f: Frame, c: FrameCond) =>
  (c.zone === undefined || f.zone === c.zone) &&
  (c.inUse === undefined || f.refcount > 0 === c.inUse) &&
  (c.pinned === undefined || f.pincount > 0 === c.pinned) &&
  (c.minRefcount === undefined || f.refcount >= c.minRefcount);

/** Pages of every VMA a process has in either state (its entries can only live there). */
function vmaPages(m: Moment, proc: string): number[] {
  const pages = new Set<number>();
  for (const w of [m.before, m.after])
    for (const v of w.procs[proc]?.vmas ?? []) for (let p = v.start; p < v.end; p++) pages.add(p);
  return [...pages].sort((a, b) => a - b);
}

const namesOf = (m: Moment, rec: 'procs' | 'mirrors', only?: string) =>
  only !== undefined
    ? [only]
    : [...new Set([...Object.keys(m.before[rec]), ...Object.keys(m.after[rec])])].sort();

/** The stage keys a selector picks, sorted. */
export function selectKeys(m: Moment, s: Selector): string[] {
  const out: string[] = [];
  if ('ptes' in s) {
    const { proc, where, was } = s.ptes;
    for (const p of namesOf(m, 'procs', proc))
      for (const page of vmaPages(m, p))
        if (
          pteMatches(m.after, getPte(m.after, p, page), where) &&
          (!was || pteMatches(m.before, getPte(m.before, p, page), was))
        )
          out.push(pteKey(p, page));
  } else if ('dpts' in s) {
    const { mirror, where, was } = s.dpts;
    for (const name of namesOf(m, 'mirrors', mirror)) {
      const proc = (m.after.mirrors[name] ?? m.before.mirrors[name])?.proc;
      for (const page of proc ? vmaPages(m, proc) : [])
        if (
          dptMatches(dptOf(m.after, name, page), where) &&
          (!was || dptMatches(dptOf(m.before, name, page), was))
        )
          out.push(dptKey(name, page));
    }
  } else if ('frames' in s) {
    const { where, was } = s.frames;
    for (let i = 0; i < frameCount(m.after); i++) {
      if (i === m.after.zeroFrame) continue;
      if (!frameMatches(getFrame(m.after, i), where)) continue;
      if (was && !frameMatches(getFrame(m.before, i), was)) continue;
      out.push(frameKey(i));
    }
  } else {
    for (const e of s.entities) {
      const k = entityKey(m, e);
      if (k !== null) out.push(k);
    }
  }
  return [...new Set(out)].sort();
}
