/** The invariant checks catch corrupted worlds (each rule can fail) and stay quiet on good ones. */
import { describe, expect, test } from 'vitest';
import { INVARIANTS, applyStep, checkWorld, type World } from '../../../src/engine/index';
import { fourPages, pte } from './helpers';

/** A deep copy of a world with frame `i` patched (the root of a 41-frame world is a leaf). */
function withFrame(w: World, i: number, patch: Record<string, unknown>): World {
  const frames = JSON.parse(JSON.stringify(w.frames));
  frames.root[i] = { ...frames.root[i], ...patch };
  return { ...w, frames };
}

const ids = (w: World, atRest = false) =>
  [...new Set(checkWorld(w, atRest).map((v) => v.id))].sort();

describe('invariants', () => {
  const w = applyStep(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 }, 0).world;
  const sys = pte(w, 3).frame;
  const dev = pte(w, 0).frame;

  test('a consistent world has no violation, at rest included', () => {
    expect(checkWorld(w, true)).toEqual([]);
  });

  test('every invariant has a sentence for the student', () => {
    for (const [id, text] of Object.entries(INVARIANTS)) {
      expect(id).toMatch(/^INV-[A-Z]\d+$/);
      expect(text.length).toBeGreaterThan(30);
    }
  });

  test('wrong mapcount → INV-T9', () => {
    expect(ids(withFrame(w, sys, { mapcount: 2 }))).toContain('INV-T9');
  });

  test('device page on an LRU → INV-P10; in use without its mirror → INV-P9', () => {
    expect(ids(withFrame(w, dev, { lru: true }))).toContain('INV-P10');
    expect(ids(withFrame(w, dev, { zoneDeviceData: null }))).toContain('INV-P9');
  });

  test('pgmap count out of step with the pages in use → INV-P3', () => {
    const d = w.devices.dev0!;
    const bad = {
      ...w,
      devices: { ...w.devices, dev0: { ...d, pgmap: { ...d.pgmap!, refcount: 7 } } },
    };
    expect(ids(bad)).toContain('INV-P3');
  });

  test('a device-private page in a present PTE → INV-T1; a migration entry on an unlocked page → INV-T4', () => {
    const pt = JSON.parse(JSON.stringify(w.procs.A!.pt));
    pt.root[0] = { kind: 'present', frame: dev, write: true, dirty: true, zero: false };
    pt.root[3] = { kind: 'migration', frame: sys, write: true, dirty: true };
    const bad = { ...w, procs: { A: { ...w.procs.A!, pt } } };
    expect(ids(bad)).toEqual(expect.arrayContaining(['INV-T1', 'INV-T4']));
  });

  test('a writable entry in a read-only VMA → INV-T8; an entry outside any VMA → INV-T13', () => {
    const ro = {
      ...w,
      procs: {
        A: { ...w.procs.A!, vmas: [{ start: 0, end: 4, read: true, write: false, shared: false }] },
      },
    };
    expect(ids(ro)).toContain('INV-T8');
    const none = { ...w, procs: { A: { ...w.procs.A!, vmas: [] } } };
    expect(ids(none)).toContain('INV-T13');
  });

  test('at rest: an extra reference → INV-P11 / INV-S2; a stale mirror entry → INV-H2', () => {
    expect(ids(withFrame(w, dev, { refcount: 2 }), true)).toContain('INV-P11');
    expect(ids(withFrame(w, sys, { refcount: 2 }), true)).toContain('INV-S2');
    expect(ids(withFrame(w, sys, { locked: true }), true)).toContain('INV-S3');
    const mpt = JSON.parse(JSON.stringify(w.mirrors.m0!.pt));
    mpt.root[3] = { frame: dev, access: 'write' };
    const stale = { ...w, mirrors: { m0: { ...w.mirrors.m0!, pt: mpt } } };
    expect(ids(stale, true)).toContain('INV-H2');
  });

  test('the free list must hold only free pages → INV-P1', () => {
    const d = w.devices.dev0!;
    expect(ids(withFrame(w, d.freeHead, { refcount: 1 }))).toContain('INV-P1');
  });
});
