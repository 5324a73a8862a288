/**
 * The pinning rules of issue #5: unpinning what is not held is an error, never a negative
 * count; get_user_pages with FOLL_WRITE breaks copy-on-write first (faultin_page →
 * handle_mm_fault(FAULT_FLAG_WRITE) → do_wp_page), also for a shared device-private page; a
 * long-term pin never holds device memory, and a pinned page stays out of it.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  checkWorld,
  getDevice,
  getFrame,
  type Step,
  type World,
} from '../../../src/engine/index';
import { fourPages, frameAt, pte } from './helpers';

/** Runs steps expecting success and no violation. */
function run(w0: World, ...steps: Step[]): World {
  return steps.reduce((w, s, i) => {
    const r = applyStep(w, s, i);
    expect(r.violations, s.op).toEqual([]);
    expect(r.result.ret, s.op).toBe(0);
    return r.world;
  }, w0);
}

const fork: Step = { op: 'fork', proc: 'A', child: 'B' };

describe('gup.unpin of a handle that is not held', () => {
  test('an unknown name → -EINVAL, nothing changes', () => {
    const w = fourPages();
    const r = applyStep(w, { op: 'gup.unpin', pin: 'nope' }, 0);
    expect(r.result).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect(r.world).toBe(w);
    expect(r.violations).toEqual([]);
  });

  test('a handle already released → -EINVAL, no count goes below its base', () => {
    const held = run(fourPages(), { op: 'gup.pin', proc: 'A', page: 0, count: 2, as: 'p' });
    const once = run(held, { op: 'gup.unpin', pin: 'p' });
    const twice = applyStep(once, { op: 'gup.unpin', pin: 'p' }, 0);
    expect(twice.result).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect(twice.world).toBe(once);
    expect(frameAt(twice.world, 0)).toMatchObject({ refcount: 1, mapcount: 1, pincount: 0 });
    expect(frameAt(twice.world, 1)).toMatchObject({ refcount: 1, mapcount: 1, pincount: 0 });
    expect(checkWorld(twice.world, true)).toEqual([]);
  });
});

describe('GUP with FOLL_WRITE breaks copy-on-write first', () => {
  test('a page shared after fork: the child pins its own copy, the parent keeps its page', () => {
    const f = run(fourPages(), fork);
    const shared = pte(f, 0, 'A').frame;
    expect(getFrame(f, shared)).toMatchObject({ refcount: 2, mapcount: 2 });
    const r = applyStep(
      f,
      { op: 'gup.pin', proc: 'B', page: 0, count: 1, write: true, as: 'p' },
      0,
    );
    expect(r.violations).toEqual([]);
    expect(r.microsteps.map((m) => m.fn)).toContain('wp_page_copy');
    const c = pte(r.world, 0, 'B');
    expect(c).toMatchObject({ kind: 'present', write: true });
    expect(c.frame).not.toBe(shared);
    expect(r.world.gups.p?.frames).toEqual([c.frame]);
    expect(getFrame(r.world, c.frame)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(getFrame(r.world, c.frame).value).toBe(10);
    expect(getFrame(r.world, shared)).toMatchObject({ refcount: 1, mapcount: 1, pincount: 0 });
    expect(pte(r.world, 0, 'A')).toMatchObject({ frame: shared, write: false });
  });

  test('without FOLL_WRITE the page stays shared: one more reference, no copy', () => {
    const f = run(fourPages(), fork);
    const shared = pte(f, 0, 'A').frame;
    const w = run(f, { op: 'gup.get', proc: 'B', page: 0, count: 1, as: 'g' });
    expect(pte(w, 0, 'B')).toMatchObject({ frame: shared, write: false });
    expect(getFrame(w, shared)).toMatchObject({ refcount: 3, mapcount: 2 });
  });

  test('a shared device-private page: back to system memory, then the copy', () => {
    const m = run(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 });
    const dev = pte(m, 0).frame;
    const f = run(m, fork);
    const w = run(f, { op: 'gup.get', proc: 'B', page: 0, count: 1, write: true, as: 'g' });
    const a = pte(w, 0, 'A');
    const b = pte(w, 0, 'B');
    expect(a.frame).not.toBe(b.frame);
    expect(getFrame(w, a.frame)).toMatchObject({ zone: 'normal', refcount: 1, value: 10 });
    expect(getFrame(w, b.frame)).toMatchObject({ zone: 'normal', refcount: 2, mapcount: 1 });
    expect(getFrame(w, dev).refcount).toBe(0);
    expect(getDevice(w, 'dev0')?.nrAllocated).toBe(0);
  });
});

describe('a long-term pin never holds device memory', () => {
  test('a device-private page is faulted back before the pin, and the pinned page stays put', () => {
    const m = run(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 });
    const w = run(m, { op: 'gup.pin', proc: 'A', page: 0, count: 2, longterm: true, as: 'l' });
    for (const page of [0, 1]) {
      expect(frameAt(w, page)).toMatchObject({ zone: 'normal', pincount: 1, refcount: 2 });
    }
    const again = applyStep(w, { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 }, 0);
    expect(again.violations).toEqual([]);
    expect(frameAt(again.world, 0)).toMatchObject({ zone: 'normal', pincount: 1 });
    expect(frameAt(again.world, 1)).toMatchObject({ zone: 'normal', pincount: 1 });
  });
});
