/** The process and device ops on hand-built worlds: refcounts, free lists, pgmap, notifiers. */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  getProc,
  pvecGet,
} from '../../../src/engine/index';
import { build, fourPages, frameAt, pte } from './helpers';

const migratedTo = (device: string) =>
  build([
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 4, values: [10, 11, 12, 13] },
    { op: 'mirror.open', proc: 'A', device, as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 },
  ]);

describe('process ops', () => {
  test('first read maps the zero page; a write replaces it by copy-on-write', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw' },
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
    ]);
    expect(pte(w, 0)).toMatchObject({
      kind: 'present',
      zero: true,
      write: false,
      frame: w.zeroFrame,
    });
    expect(w.sysFree).toBe(16);
    const r = applyStep(w, { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 4 }, 0);
    expect(r.microsteps.map((m) => m.fn)).toEqual(['wp_page_copy', 'cpu_store']);
    expect(pte(r.world, 0)).toMatchObject({
      kind: 'present',
      zero: false,
      write: true,
      dirty: true,
    });
    expect(frameAt(r.world, 0)).toMatchObject({ refcount: 1, mapcount: 1, value: 4 });
  });

  test('CPU access without a VMA or permission is SIGSEGV; the accesses before it happened', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'mmap', proc: 'A', page: 2, count: 1, prot: 'r' },
    ]);
    const r = applyStep(w, { op: 'cpu.write', proc: 'A', page: 0, count: 3, value: 1 }, 0);
    expect(r.result).toMatchObject({ ret: -14, errno: 'EFAULT', signal: 'SIGSEGV', signalPage: 2 });
    expect(getPte(r.world, 'A', 1)).toMatchObject({ kind: 'present', write: true });
    expect(getPte(r.world, 'A', 2)).toBeNull();
    const none = applyStep(w, { op: 'cpu.read', proc: 'A', page: 5, count: 1 }, 0);
    expect(none.result).toMatchObject({ signal: 'SIGSEGV', signalPage: 5 });
  });

  test('munmap of device-private pages: mirrors invalidated, pages back to the free list, pgmap refs dropped', () => {
    const w = migratedTo('dev0');
    expect(getDevice(w, 'dev0')?.pgmap?.refcount).toBe(5);
    const r = applyStep(w, { op: 'munmap', proc: 'A', page: 1, count: 2 }, 0);
    expect(getPte(r.world, 'A', 1)).toBeNull();
    expect(getDevice(r.world, 'dev0')).toMatchObject({ nrAllocated: 2, nrFree: 6 });
    expect(getDevice(r.world, 'dev0')?.pgmap?.refcount).toBe(3);
    const m = getMirror(r.world, 'm0');
    expect(m?.seq).toBe(1);
    // dmirror erases [start, end] inclusive: page 3 goes too (xa_for_each_range quirk).
    expect([0, 1, 2, 3].map((p) => pvecGet(m!.pt, p) !== null)).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(getProc(r.world, 'A')?.vmas).toEqual([
      { start: 0, end: 1, read: true, write: true, shared: false },
      { start: 3, end: 4, read: true, write: true, shared: false },
    ]);
  });

  test('mprotect(PROT_READ) write-protects present PTEs and device-private entries', () => {
    const sys = fourPages();
    const r = applyStep(sys, { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'r' }, 0);
    expect(pte(r.world, 0).write).toBe(false);
    const back = applyStep(
      r.world,
      { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'rw' },
      1,
    );
    // Exclusive anonymous pages become writable again (can_change_pte_writable).
    expect(pte(back.world, 0).write).toBe(true);
    const dev = migratedTo('dev0');
    const d = applyStep(dev, { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'r' }, 0);
    expect(pte(d.world, 0)).toMatchObject({ kind: 'devicePrivate', write: false });
    expect(
      applyStep(dev, { op: 'mprotect', proc: 'A', page: 0, count: 8, prot: 'r' }, 0).result.ret,
    ).toBe(-12);
  });

  test('exit frees everything and closes the process’s mirrors', () => {
    const w = migratedTo('dev0');
    const r = applyStep(w, { op: 'exit', proc: 'A' }, 0);
    expect(getProc(r.world, 'A')?.alive).toBe(false);
    expect(getMirror(r.world, 'm0')).toBeUndefined();
    expect(getDevice(r.world, 'dev0')).toMatchObject({ nrAllocated: 0, nrFree: 8 });
    expect(getDevice(r.world, 'dev0')?.pgmap?.refcount).toBe(1);
    expect(r.world.sysFree).toBe(16);
    const after = applyStep(r.world, { op: 'cpu.read', proc: 'A', page: 0, count: 1 }, 1);
    expect(after.result).toMatchObject({ ret: -3, errno: 'ESRCH' });
    const m = applyStep(r.world, { op: 'dev.read', mirror: 'm0', page: 0, count: 1 }, 1);
    expect(m.result).toMatchObject({ ret: -9, errno: 'EBADF' });
  });

  test('ops the engine does not implement answer -ENOSYS', () => {
    const r = applyStep(fourPages(), { op: 'no.such-op', proc: 'A', child: 'B' }, 3);
    expect(r.result).toMatchObject({ step: 3, op: 'no.such-op', ret: -38, errno: 'ENOSYS' });
    expect(r.result.error).toMatch(/not supported yet/);
    expect(r.microsteps).toEqual([]);
  });
});

describe('device ops', () => {
  test('dev.release evicts: data kept, free pages parked, pgmap killed, a later allocation makes a new chunk', () => {
    const w = migratedTo('dev0');
    const r = applyStep(w, { op: 'dev.release', device: 'dev0' }, 0);
    expect(r.result.ret).toBe(0);
    expect(getDevice(r.world, 'dev0')).toMatchObject({ pgmap: null, nrFree: 0, nrAllocated: 0 });
    for (let p = 0; p < 4; p++) {
      expect(pte(r.world, p)).toMatchObject({ kind: 'present', write: true });
      expect(frameAt(r.world, p)).toMatchObject({ value: 10 + p, refcount: 1, mapcount: 1 });
    }
    expect(r.microsteps.map((m) => m.fn)).toContain('memunmap_pages');
    const again = applyStep(r.world, { op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 }, 1);
    expect(again.result).toMatchObject({ ret: 0, cpages: 1, data: [10] });
    expect(getDevice(again.world, 'dev0')?.pgmap).toMatchObject({
      id: 'dev0#2',
      refcount: 2,
      live: true,
    });
  });

  test('device memory exhausted: pages that get no device page stay in RAM and read back -ENOENT', () => {
    const w = build(
      [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 0, count: 4, value: 1 },
        { op: 'mirror.open', proc: 'A', device: 'd', as: 'm0' },
      ],
      { systemPages: 8, devices: [{ name: 'd', memory: 'private', pages: 2 }] },
    );
    const r = applyStep(w, { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 }, 0);
    expect(r.result).toMatchObject({ ret: -2, errno: 'ENOENT' });
    expect(r.result.data).toBeUndefined();
    expect(pte(r.world, 0).kind).toBe('devicePrivate');
    expect(pte(r.world, 3).kind).toBe('present');
    expect(r.violations).toEqual([]);
  });

  test('dev.migrate-back: cpages counts moved pages; coherent pages come back too', () => {
    for (const dev of ['dev0', 'dev2']) {
      const r = applyStep(
        migratedTo(dev),
        { op: 'dev.migrate-back', mirror: 'm0', page: 0, count: 4 },
        0,
      );
      expect(r.result).toMatchObject({ ret: 0, cpages: 4 });
      expect(frameAt(r.world, 1)).toMatchObject({ value: 11 });
      expect(getDevice(r.world, dev)?.pgmap?.refcount).toBe(1);
      const again = applyStep(
        r.world,
        { op: 'dev.migrate-back', mirror: 'm0', page: 0, count: 4 },
        1,
      );
      expect(again.result).toMatchObject({ ret: 0, cpages: 0 });
    }
  });

  test('dev.write through the device page table lands in device memory, read back by the CPU', () => {
    const w = migratedTo('dev0');
    const r = applyStep(w, { op: 'dev.write', mirror: 'm0', page: 1, count: 2, values: [7, 8] }, 0);
    expect(r.result).toMatchObject({ ret: 0, cpages: 2, faults: 0 });
    expect(getFrame(r.world, pte(r.world, 2).frame).value).toBe(8);
    const c = applyStep(r.world, { op: 'cpu.read', proc: 'A', page: 0, count: 4 }, 1);
    expect(c.result.data).toEqual([10, 7, 8, 13]);
  });

  test('dev.snapshot encodes each entry (A.6) and changes nothing', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 1, count: 1, value: 1 },
      { op: 'cpu.read', proc: 'A', page: 2, count: 1 },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
      { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'm1' },
      { op: 'dev.migrate', mirror: 'm1', page: 3, count: 1 },
    ]);
    const r = applyStep(w, { op: 'dev.snapshot', mirror: 'm0', page: 0, count: 5 }, 0);
    expect(r.result).toMatchObject({ ret: 0, cpages: 5, prot: [0x00, 0x02, 0x11, 0x00, 0xff] });
    expect(r.world).toBe(w);
    const own = applyStep(w, { op: 'dev.snapshot', mirror: 'm1', page: 3, count: 1 }, 0);
    expect(own.result.prot).toEqual([0x22]);
  });
});
