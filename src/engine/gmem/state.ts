/**
 * Reading and replacing GMEM's objects inside a transaction. GmemState is small and replaced
 * as a whole; each setter names what it changed (see Tx.setGm) so a view can light it up.
 */
import { v } from '../invariantsCatalog';
import type { Tx } from '../tx';
import type { World } from '../types';
import type { GmAs, GmContext, GmDev, GmDma, GmMapping, GmType, GmemState, Hnode } from './types';

function own<T>(rec: Readonly<Record<string | number, T>>, key: string | number): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export function worldGm(world: World): GmemState | undefined {
  return world.gmem;
}

export function gmDevOf(g: GmemState, name: string): GmDev | undefined {
  return own(g.devs, name);
}
export function gmCtxOf(g: GmemState, name: string): GmContext | undefined {
  return own(g.ctxs, name);
}
export function gmAsOf(g: GmemState, name: string): GmAs | undefined {
  return own(g.ases, name);
}
export function gmHnodeOf(g: GmemState, id: number): Hnode | undefined {
  return own(g.hnodes, id);
}
/** vm_object_lookup(mm->vm_obj, chunk): the gm_mapping of a chunk, if the process has one. */
export function gmMappingOf(g: GmemState, proc: string, chunk: number): GmMapping | undefined {
  const obj = own(g.vmObjs, proc);
  return obj === undefined ? undefined : own(obj.lpt, chunk);
}

export function putDev(tx: Tx, d: GmDev): void {
  const g = tx.gm();
  tx.setGm({ ...g, devs: { ...g.devs, [d.name]: d } }, `dev:${d.name}`);
}
export function putCtx(tx: Tx, c: GmContext): void {
  const g = tx.gm();
  tx.setGm({ ...g, ctxs: { ...g.ctxs, [c.name]: c } }, `ctx:${c.name}`);
}
export function putAs(tx: Tx, a: GmAs | null, name: string): void {
  const g = tx.gm();
  const ases = { ...g.ases };
  if (a === null) delete ases[name];
  else ases[name] = a;
  tx.setGm({ ...g, ases }, `as:${name}`);
}
export function putHnode(tx: Tx, h: Hnode | null, id: number): void {
  const g = tx.gm();
  const hnodes = { ...g.hnodes };
  if (h === null) delete hnodes[id];
  else hnodes[id] = h;
  tx.setGm({ ...g, hnodes }, `hnode:${id}`);
}
export function setMems(tx: Tx, proc: string, nids: readonly number[]): void {
  const g = tx.gm();
  tx.setGm({ ...g, memsAllowed: { ...g.memsAllowed, [proc]: nids } }, `mems:${proc}`);
}
export function addDma(tx: Tx, d: GmDma): void {
  const g = tx.gm();
  tx.setGm({ ...g, dma: [...g.dma, d] }, 'dma');
}
/** dma_unmap_page of the mapping of `frames` for `dev`. */
export function removeDma(tx: Tx, dev: string, frames: readonly number[]): void {
  const g = tx.gm();
  const i = g.dma.findIndex((d) => d.dev === dev && d.frames[0] === frames[0]);
  if (i < 0) return;
  tx.setGm({ ...g, dma: g.dma.filter((_, j) => j !== i) }, 'dma');
}

/** mm->vm_obj exists (created by the first peer-shared mmap). */
export function hasVmObj(tx: Tx, proc: string): boolean {
  return Object.hasOwn(tx.gm().vmObjs, proc);
}
export function createVmObj(tx: Tx, proc: string): void {
  const g = tx.gm();
  tx.setGm({ ...g, vmObjs: { ...g.vmObjs, [proc]: { proc, lpt: {} } } }, `lpt:${proc}`);
}
export function dropVmObj(tx: Tx, proc: string): void {
  const g = tx.gm();
  const vmObjs = { ...g.vmObjs };
  delete vmObjs[proc];
  tx.setGm({ ...g, vmObjs }, `lpt:${proc}`);
}

/** Stores (or, with null, erases) the gm_mapping of a chunk in the logical page table. */
export function putMapping(tx: Tx, proc: string, chunk: number, m: GmMapping | null): void {
  const g = tx.gm();
  const obj = own(g.vmObjs, proc);
  if (obj === undefined) throw new Error(`${proc} has no vm_object`);
  const before = own(obj.lpt, chunk);
  // INV-X8: a gm_mapping's state changes only under its mutex (creation and erasure aside).
  if (m !== null && before !== undefined && !before.locked && !m.locked) {
    if (before.flag !== m.flag || before.willneed !== m.willneed)
      tx.flag(v('INV-X8', `chunk ${chunk} of ${proc} changed state without gm_mapping->lock`));
  }
  const lpt = { ...obj.lpt };
  if (m === null) delete lpt[chunk];
  else lpt[chunk] = m;
  tx.setGm({ ...g, vmObjs: { ...g.vmObjs, [proc]: { ...obj, lpt } } }, `lpt:${proc}:${chunk}`);
}

/**
 * gm_mapping_flags_set(): a type flag replaces the whole type (GM_PAGE_TYPE_MASK is cleared
 * first); WILLNEED is or-ed in. [GMEM RFC, not in the seeds.]
 */
export function flagsSet(m: GmMapping, f: GmType | 'WILLNEED'): GmMapping {
  if (f === 'WILLNEED') return { ...m, willneed: true };
  return { ...m, flag: f };
}

/** alloc_gm_mapping(): a new mapping starts NOMAP. [GMEM RFC, not in the seeds.] */
export const NEW_MAPPING: GmMapping = Object.freeze({
  flag: 'NOMAP',
  willneed: false,
  page: null,
  dev: null,
  locked: false,
});
