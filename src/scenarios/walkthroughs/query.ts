/**
 * Reading a checkpoint's answer from the engine: where on the timeline it is asked and
 * revealed (resolvePos), and the value its question has in the state the micro-step leaves
 * behind (evalQuery). Nothing here knows an answer in advance.
 */
import { deviceOfFrame, getDevice, getFrame, getGup, getMirror, getPte } from '../../engine/world';
import { gmMappingOf } from '../../engine/gmem/state';
import type { StepResult } from '../../engine/steps';
import type { World } from '../../engine/types';
import { dptOf, frameIndexOf, selectKeys, type Moment } from './entities';
import type { AnswerValue, Pos, Query } from './schema';

/** What a walkthrough needs of a timeline frame (the app's TimelineFrame has all of it). */
export interface WalkFrame {
  /** The scenario step (-1 = the initial state). */
  readonly step: number;
  readonly world: World;
  readonly microstep: { readonly fn: string; readonly src?: string; readonly file?: string } | null;
  readonly result: StepResult | null;
}

/** The frame index a place names, or null when the timeline has no such micro-step. */
export function resolvePos(frames: readonly WalkFrame[], pos: Pos): number | null {
  if (pos.step === -1) return pos.fn === undefined ? 0 : null;
  const idx: number[] = [];
  frames.forEach((f, i) => {
    if (f.step === pos.step) idx.push(i);
  });
  if (idx.length === 0) return null;
  if (pos.fn === undefined) return pos.nth !== undefined ? null : pos.end ? idx.at(-1)! : idx[0]!;
  const hits = idx.filter((i) => frames[i]!.microstep?.fn === pos.fn);
  const hit = hits[(pos.nth ?? 1) - 1];
  return hit === undefined ? null : pos.end ? idx.at(-1)! : hit;
}

/** The result of the step a frame belongs to (on the step's last frame). */
export function resultOfStep(frames: readonly WalkFrame[], step: number): StepResult | null {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.step === step && f.result) return f.result;
  }
  return null;
}

const where = (w: World, frame: number): string => {
  if (frame === w.zeroFrame || frame < w.systemPages) return 'system';
  const d = deviceOfFrame(w, frame);
  return d ? `device-${d.memory}` : 'system';
};

/**
 * The value of a question: a number, a word or a yes/no, in `m.after` (with `m.before` for
 * "which frame is this page" and for selectors' `was`). `undefined` when the question does not
 * apply (a frame that does not exist, a result asked of the initial state): a walkthrough bug
 * the tests catch, and the app shows as "this question cannot be checked".
 */
export function evalQuery(m: Moment, result: StepResult | null, q: Query): AnswerValue | undefined {
  const w = m.after;
  if ('frame' in q) {
    const i = frameIndexOf(m, q.frame);
    if (i === null) return undefined;
    const f = getFrame(w, i);
    switch (q.field) {
      case 'memory':
        return where(w, i);
      case 'pgmap':
        return f.pgmap ?? 'none';
      default:
        return f[q.field];
    }
  }
  if ('pte' in q) {
    const pte = getPte(w, q.pte.proc, q.pte.page);
    if (q.field === 'kind') return pte?.kind ?? 'none';
    if (q.field === 'write') return pte?.write ?? false;
    if (!pte) return 'none';
    return q.field === 'zone' ? getFrame(w, pte.frame).zone : where(w, pte.frame);
  }
  if ('dpt' in q) {
    const e = dptOf(w, q.dpt.mirror, q.dpt.page);
    if (q.field === 'valid') return e !== null;
    if (!e) return 'none';
    return q.field === 'access' ? e.access : where(w, e.frame);
  }
  if ('pgmap' in q) {
    const pg = getDevice(w, q.pgmap)?.pgmap ?? null;
    if (q.field === 'exists') return pg !== null;
    if (!pg) return undefined;
    return q.field === 'live' ? pg.live : pg.refcount;
  }
  if ('device' in q) return getDevice(w, q.device)?.[q.field];
  if ('mirror' in q) return getMirror(w, q.mirror)?.[q.field];
  if ('gup' in q) {
    const g = getGup(w, q.gup);
    return q.field === 'exists' ? g !== undefined : g?.frames.length;
  }
  if ('gmMapping' in q) {
    const g = w.gmem;
    const mp = g ? gmMappingOf(g, q.gmMapping.proc, q.gmMapping.chunk) : undefined;
    if (!mp) return q.field === 'flag' ? 'none' : undefined;
    if (q.field === 'flag') return mp.flag;
    return q.field === 'dev' ? (mp.dev ?? 'none') : mp.willneed;
  }
  if ('count' in q) return selectKeys(m, q.count).length;
  if (!result) return undefined;
  switch (q.result) {
    case 'ok':
      return result.ret === 0 && !result.signal && !result.outcome && !result.error;
    case 'errno':
      return result.errno ?? 'none';
    case 'signal':
      return result.signal ?? 'none';
    case 'outcome':
      return result.outcome?.kind ?? 'none';
    case 'gm':
      return result.gm?.ret ?? 'none';
    default:
      return result[q.result];
  }
}
