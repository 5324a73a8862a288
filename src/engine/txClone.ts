/**
 * The writable views of the World's records that a transaction hands out (`Tx.edit`,
 * `Tx.editDevice`) and the copies they start from. Why copies: a sealed World is shared by every
 * later micro-step and by the views, so a record is copied once per micro-step before its first
 * write, and written in place after that.
 */
import type { PVec, PVecEditor } from './pvec';
import type { DevPagemap, Device, Frame } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableFrame = Mutable<Frame>;
export type MutableDevice = Omit<Mutable<Device>, 'pgmap'> & { pgmap: Mutable<DevPagemap> | null };

/** A fresh copy of a frame (an object literal: much faster than a spread in V8). */
export function cloneFrame(f: Frame): MutableFrame {
  return {
    zone: f.zone,
    refcount: f.refcount,
    mapcount: f.mapcount,
    pincount: f.pincount,
    locked: f.locked,
    lru: f.lru,
    mapping: f.mapping,
    rmapProcs: f.rmapProcs,
    rmapPage: f.rmapPage,
    value: f.value,
    zoneDeviceData: f.zoneDeviceData,
    pgmap: f.pgmap,
    freeNext: f.freeNext,
  };
}

export function cloneDevice(d: Device): MutableDevice {
  return { ...d, pgmap: d.pgmap === null ? null : { ...d.pgmap } };
}

/** `rec[key]` if `key` is its own property (not one inherited from Object.prototype). */
export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * The records of `recs` whose page table was edited (`dirty`), with the sealed table; a copy of
 * `recs` unless it is already this transaction's own copy (`shared` false). Clears `dirty`.
 */
export function writeBack<E, R extends { readonly pt: PVec<E> }>(
  recs: Record<string, R>,
  shared: boolean,
  dirty: Set<string>,
  eds: ReadonlyMap<string, PVecEditor<E>>,
): Record<string, R> {
  const out = shared ? { ...recs } : recs;
  for (const name of dirty) {
    const ed = eds.get(name);
    const r = own(out, name);
    if (ed !== undefined && r !== undefined) out[name] = { ...r, pt: ed.seal() };
  }
  dirty.clear();
  return out;
}
