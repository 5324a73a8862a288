/**
 * Device-exclusive access in the engine (domain.md §2.15, S16): HMM_DMIRROR_EXCLUSIVE turns each
 * PTE into a device-exclusive entry (refcount and mapcount unchanged) with an ATOMIC device
 * entry; a CPU access restores the PTE and revokes the atomic access (MMU_NOTIFY_EXCLUSIVE);
 * CHECK_EXCLUSIVE tells whether any ATOMIC entry is left.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  getFrame,
  getMirror,
  pvecGet,
  type Step,
  type World,
} from '../../../src/engine/index';
import { build, fourPages, frameAt, pte } from './helpers';

function step(w: World, s: Step) {
  const r = applyStep(w, s, 0);
  expect(r.violations).toEqual([]);
  return r;
}

const exclusive: Step = { op: 'dev.exclusive', mirror: 'm0', page: 0, count: 4 };
const check: Step = { op: 'dev.check-exclusive', mirror: 'm0', page: 0, count: 4 };

describe('dev.exclusive / dev.check-exclusive', () => {
  test('device-exclusive entries keep the mapping; the mirror gets ATOMIC entries', () => {
    const w0 = fourPages();
    const r = step(w0, exclusive);
    expect(r.result).toMatchObject({ ret: 0, cpages: 4, data: [10, 11, 12, 13] });
    for (let p = 0; p < 4; p++) {
      expect(pte(r.world, p)).toMatchObject({ kind: 'deviceExclusive', frame: pte(w0, p).frame });
      expect(frameAt(r.world, p)).toMatchObject({ refcount: 1, mapcount: 1, locked: false });
      expect(pvecGet(getMirror(r.world, 'm0')!.pt, p)).toEqual({
        frame: pte(w0, p).frame,
        access: 'atomic',
      });
    }
    const fns = r.microsteps.map((m) => m.fn);
    expect(fns.slice(0, 3)).toEqual([
      'dmirror_interval_invalidate',
      'make_device_exclusive',
      'dmirror_atomic_map',
    ]);
    // GUP's reference is held while the entry is made, then dropped by the driver.
    const made = r.microsteps.find((m) => m.fn === 'make_device_exclusive');
    expect(getFrame(made!.world, pte(w0, 0).frame)).toMatchObject({ refcount: 2, locked: true });
    expect(step(r.world, check).result).toMatchObject({ ret: -1, errno: 'EPERM' });
  });

  test('a CPU access restores the PTE and revokes the atomic access', () => {
    const w = step(fourPages(), exclusive).world;
    const r = step(w, { op: 'cpu.read', proc: 'A', page: 1, count: 1 });
    expect(r.result).toMatchObject({ ret: 0, data: [11] });
    expect(r.microsteps.map((m) => m.fn)).toEqual([
      'dmirror_interval_invalidate',
      'remove_device_exclusive_entry',
      'cpu_load',
    ]);
    expect(pte(r.world, 1)).toMatchObject({ kind: 'present', write: true });
    expect(frameAt(r.world, 1)).toMatchObject({ refcount: 1, mapcount: 1 });
    // The notifier erased pages 1 and 2 (the test driver's inclusive end).
    const dpt = getMirror(r.world, 'm0')!.pt;
    expect(pvecGet(dpt, 0)?.access).toBe('atomic');
    expect(pvecGet(dpt, 1)).toBeNull();
    expect(pvecGet(dpt, 2)).toBeNull();
    const all = step(r.world, { op: 'cpu.read', proc: 'A', page: 0, count: 4 }).world;
    expect(step(all, check).result.ret).toBe(0);
  });

  test('a device write through an ATOMIC entry faults it back to an ordinary writable one', () => {
    const w = step(fourPages(), exclusive).world;
    const r = step(w, { op: 'dev.write', mirror: 'm0', page: 0, count: 2, value: 7 });
    expect(r.result).toMatchObject({ ret: 0, cpages: 2, faults: 1 });
    expect(pte(r.world, 0)).toMatchObject({ kind: 'present', write: true });
    expect(pvecGet(getMirror(r.world, 'm0')!.pt, 0)?.access).toBe('write');
    expect(frameAt(r.world, 0).value).toBe(7);
  });

  test('munmap of a device-exclusive entry frees the page; shared memory is refused', () => {
    const w = step(fourPages(), exclusive).world;
    const frame = pte(w, 0).frame;
    const u = step(w, { op: 'munmap', proc: 'A', page: 0, count: 1 });
    expect(getFrame(u.world, frame).refcount).toBe(0);
    const shm = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw', shared: true },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    ]);
    const r = step(shm, { op: 'dev.exclusive', mirror: 'm0', page: 0, count: 1 });
    expect(r.result).toMatchObject({ ret: -95, errno: 'EOPNOTSUPP' });
    expect(pte(r.world, 0).kind).toBe('present');
    expect(frameAt(r.world, 0)).toMatchObject({ refcount: 2, mapcount: 1 });
  });
});
