/** The GUP and device-exclusive invariants catch corrupted worlds and stay quiet on good ones. */
import { describe, expect, test } from 'vitest';
import { applyStep, checkWorld, type Step, type World } from '../../../src/engine/index';
import { fourPages, pte } from './helpers';

function withFrame(w: World, i: number, patch: Record<string, unknown>): World {
  const frames = JSON.parse(JSON.stringify(w.frames));
  frames.root[i] = { ...frames.root[i], ...patch };
  return { ...w, frames };
}

const ids = (w: World, atRest = false) =>
  [...new Set(checkWorld(w, atRest).map((v) => v.id))].sort();

const run = (w: World, ...steps: Step[]) =>
  steps.reduce((acc, s, i) => applyStep(acc, s, i).world, w);

describe('GUP and device-exclusive invariants', () => {
  const pinned = run(
    fourPages(),
    { op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 },
    { op: 'gup.pin', proc: 'A', page: 1, count: 1, as: 'p' },
    { op: 'gup.get', proc: 'A', page: 2, count: 1, as: 'g' },
  );

  test('pins and references held by handles are consistent at rest', () => {
    expect(checkWorld(pinned, true)).toEqual([]);
  });

  test('a pin without its reference, or one no handle holds → INV-G5', () => {
    const f = pte(pinned, 1).frame;
    expect(ids(withFrame(pinned, f, { refcount: 0 }))).toContain('INV-G5');
    expect(ids(withFrame(pinned, f, { pincount: 2, refcount: 3 }), true)).toContain('INV-G5');
  });

  test('a pinned page whose mapping holds no reference (refcount < mapcount + pins) → INV-G5', () => {
    const f = pte(pinned, 1).frame;
    expect(ids(withFrame(pinned, f, { refcount: 1 }))).toContain('INV-G5');
  });

  test('a pinned device-private page → INV-G1', () => {
    const dev = pte(pinned, 0).frame;
    expect(ids(withFrame(pinned, dev, { pincount: 1, refcount: 2 }))).toContain('INV-G1');
  });

  test('a long-term handle on device memory → INV-G2', () => {
    const dev = pte(pinned, 0).frame;
    const h = pinned.gups.p!;
    const bad = { ...pinned, gups: { ...pinned.gups, p: { ...h, longterm: true, frames: [dev] } } };
    expect(ids(bad)).toContain('INV-G2');
  });

  test('an ATOMIC device entry needs a device-exclusive CPU entry → INV-H2', () => {
    const ex = run(fourPages(), { op: 'dev.exclusive', mirror: 'm0', page: 0, count: 2 });
    expect(checkWorld(ex, true)).toEqual([]);
    const p = ex.procs.A!;
    const pt = JSON.parse(JSON.stringify(p.pt));
    // Page 0 back to a present PTE while the ATOMIC entry stays: the device would still think
    // it has exclusive access.
    const e = pte(ex, 0);
    pt.root[0] = { kind: 'present', frame: e.frame, write: true, dirty: true, zero: false };
    const bad = { ...ex, procs: { ...ex.procs, A: { ...p, pt } } };
    expect(ids(bad, true)).toContain('INV-H2');
  });
});
