/**
 * fork and copy-on-write, with the exact counts of domain.md §2.11 (and S10, S14): which entry
 * each process holds, the refcount/mapcount of every page, the mirrors, and exit.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  checkWorld,
  getDevice,
  getFrame,
  getMirror,
  pvecGet,
  type Step,
  type World,
} from '../../../src/engine/index';
import { build, fourPages, frameAt, pte } from './helpers';

/** Runs steps, expecting success and no violation; returns the world and the last result. */
function run(w0: World, steps: Step[]) {
  let w = w0;
  let last = null as ReturnType<typeof applyStep> | null;
  steps.forEach((s, i) => {
    last = applyStep(w, s, i);
    expect(last.violations, `${s.op}`).toEqual([]);
    expect(last.result.ret, `${s.op}`).toBe(0);
    w = last.world;
  });
  expect(checkWorld(w, true)).toEqual([]);
  return { w, last: last as unknown as ReturnType<typeof applyStep> };
}

const fork: Step = { op: 'fork', proc: 'A', child: 'B' };
const write = (proc: string, value: number, page = 0): Step => ({
  op: 'cpu.write',
  proc,
  page,
  count: 1,
  value,
});

describe('fork of a writable device-private entry (§2.11, S10)', () => {
  const migrated = () =>
    run(fourPages('dev0'), [{ op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 }]).w;

  test('(1) both entries read-only, D 2/2, pgmap unchanged, the mirror invalidated', () => {
    const before = migrated();
    const d = pte(before, 0).frame;
    const seq = getMirror(before, 'm0')!.seq;
    expect(pvecGet(getMirror(before, 'm0')!.pt, 0)).toEqual({ frame: d, access: 'write' });
    const { w, last } = run(before, [fork]);
    expect(pte(w, 0, 'A')).toEqual({ kind: 'devicePrivate', frame: d, write: false });
    expect(pte(w, 0, 'B')).toEqual({ kind: 'devicePrivate', frame: d, write: false });
    expect(getFrame(w, d)).toMatchObject({ refcount: 2, mapcount: 2, rmapProcs: ['A', 'B'] });
    expect(getDevice(w, 'dev0')?.pgmap?.refcount).toBe(getDevice(before, 'dev0')?.pgmap?.refcount);
    expect(getMirror(w, 'm0')!.seq).toBe(seq + 1);
    expect(pvecGet(getMirror(w, 'm0')!.pt, 0)).toBeNull();
    expect(last.microsteps.map((m) => m.fn)).toEqual([
      'dup_mmap',
      'dmirror_interval_invalidate',
      'copy_page_range',
    ]);
  });

  test('(3) a write by the child: back to system memory for both, then copy-on-write', () => {
    const f = run(migrated(), [fork]).w;
    const d = pte(f, 0).frame;
    const { w } = run(f, [write('B', 99)]);
    const s = pte(w, 0, 'A');
    expect(s).toMatchObject({ kind: 'present', write: false });
    expect(getFrame(w, s.frame)).toMatchObject({ zone: 'normal', refcount: 1, mapcount: 1 });
    expect(getFrame(w, s.frame).value).toBe(10);
    const c = pte(w, 0, 'B');
    expect(c).toMatchObject({ kind: 'present', write: true });
    expect(getFrame(w, c.frame)).toMatchObject({ refcount: 1, mapcount: 1, value: 99 });
    expect(getFrame(w, d).refcount).toBe(0); // D freed to the driver
    expect(getDevice(w, 'dev0')).toMatchObject({ nrAllocated: 0, nrFree: 8 });
    // (4) then the parent reuses S in place: no copy.
    const free = w.sysFree;
    const r = run(w, [write('A', 5)]).w;
    expect(pte(r, 0, 'A')).toMatchObject({ kind: 'present', frame: s.frame, write: true });
    expect(r.sysFree).toBe(free);
  });

  test('exit of both processes frees the shared device page to the driver', () => {
    const f = run(migrated(), [fork]).w;
    const d = pte(f, 0).frame;
    const one = run(f, [{ op: 'exit', proc: 'B' }]).w;
    expect(getFrame(one, d)).toMatchObject({ refcount: 1, mapcount: 1, rmapProcs: ['A'] });
    const both = run(one, [{ op: 'exit', proc: 'A' }]).w;
    expect(getFrame(both, d).refcount).toBe(0);
    expect(getDevice(both, 'dev0')).toMatchObject({ nrAllocated: 0, nrFree: 8 });
    expect(getDevice(both, 'dev0')?.pgmap?.refcount).toBe(1);
    expect(both.sysFree).toBe(16);
  });
});

describe('fork of ordinary and device-coherent pages', () => {
  test('anonymous pages: shared read-only 2/2; the writer copies, the other reuses', () => {
    const { w } = run(fourPages(), [fork]);
    const s = pte(w, 1).frame;
    expect(pte(w, 1, 'A')).toMatchObject({ frame: s, write: false });
    expect(pte(w, 1, 'B')).toMatchObject({ frame: s, write: false });
    expect(getFrame(w, s)).toMatchObject({ refcount: 2, mapcount: 2 });
    const c = run(w, [write('A', 7, 1)]).w;
    expect(frameAt(c, 1, 'A')).toMatchObject({ refcount: 1, mapcount: 1, value: 7 });
    expect(getFrame(c, s)).toMatchObject({ refcount: 1, mapcount: 1, value: 11 });
    expect(pte(run(c, [write('B', 8, 1)]).w, 1, 'B')).toMatchObject({ frame: s, write: true });
  });

  test('device-coherent pages: shared 2/2, the writer gets a system page (INV-T11, S14)', () => {
    const m = run(fourPages('dev2'), [{ op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 }]).w;
    const e = pte(m, 0).frame;
    const { w } = run(m, [fork]);
    expect(getFrame(w, e)).toMatchObject({ zone: 'device', refcount: 2, mapcount: 2 });
    expect(pte(w, 0, 'B')).toMatchObject({ kind: 'present', frame: e, write: false });
    const c = run(w, [write('A', 3)]).w;
    expect(frameAt(c, 0, 'A')).toMatchObject({ zone: 'normal', value: 3 });
    expect(getFrame(c, e)).toMatchObject({ refcount: 1, mapcount: 1, value: 10 });
    expect(pte(c, 0, 'B').frame).toBe(e);
  });

  test('shared mappings stay shared: one page, mapcount 2, plus the page cache', () => {
    const base = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw', shared: true },
      write('A', 1),
    ]);
    const { w } = run(base, [fork, write('B', 2)]);
    const s = pte(w, 0).frame;
    expect(pte(w, 0, 'B')).toMatchObject({ frame: s, write: true });
    expect(getFrame(w, s)).toMatchObject({ refcount: 3, mapcount: 2, value: 2 });
    const one = run(w, [{ op: 'exit', proc: 'A' }]).w;
    expect(getFrame(one, s)).toMatchObject({ refcount: 2, mapcount: 1, value: 2 });
    expect(run(one, [{ op: 'exit', proc: 'B' }]).w.sysFree).toBe(16);
  });

  test('the zero page and empty VMAs copy nothing; errors change nothing', () => {
    const base = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'r' },
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
    ]);
    const { w } = run(base, [fork]);
    expect(pte(w, 0, 'B')).toMatchObject({ kind: 'present', zero: true, write: false });
    expect(w.sysFree).toBe(16);
    const again = applyStep(w, fork, 0);
    expect(again.result).toMatchObject({ ret: -17, errno: 'EEXIST' });
    expect(again.world).toBe(w);
    const none = applyStep(w, { op: 'fork', proc: 'Z', child: 'Y' }, 0);
    expect(none.result).toMatchObject({ ret: -3, errno: 'ESRCH' });
  });
});

describe('fork of a pinned page (copy_present_page)', () => {
  /** A's page 0 with one FOLL_PIN pin (pin_user_pages). */
  const pinned = (w: World): World =>
    run(w, [{ op: 'gup.pin', proc: 'A', page: 0, count: 1, write: true, as: 'p' }]).w;

  test('the child gets its own copy; the parent keeps its writable page', () => {
    const w0 = pinned(fourPages());
    const { w } = run(w0, [fork]);
    const p = pte(w, 0, 'A');
    expect(p).toMatchObject({ kind: 'present', write: true });
    expect(getFrame(w, p.frame)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    const c = pte(w, 0, 'B');
    expect(c.frame).not.toBe(p.frame);
    expect(c).toMatchObject({ kind: 'present', write: true });
    expect(getFrame(w, c.frame)).toMatchObject({ refcount: 1, mapcount: 1, value: 10 });
  });

  test('-ENOMEM when there is no RAM for the copy, and nothing changes', () => {
    let w = fourPages();
    w = run(w, [
      { op: 'mmap', proc: 'A', page: 4, count: 12, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 4, count: 12, value: 1 },
    ]).w;
    expect(w.sysFree).toBe(0);
    const r = applyStep(pinned(w), fork, 0);
    expect(r.result).toMatchObject({ ret: -12, errno: 'ENOMEM' });
    expect(r.microsteps).toEqual([]);
  });
});
