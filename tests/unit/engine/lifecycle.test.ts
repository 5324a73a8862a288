/** Process and mirror lifecycle ops, VMA bookkeeping, and the eviction phases one by one. */
import { describe, expect, test } from 'vitest';
import {
  MIGRATE_PFN_MIGRATE,
  applyStep,
  createWorld,
  dmirrorDevmemFaultAllocAndCopy,
  getDevice,
  getFrame,
  getPte,
  getProc,
  hasFlag,
  memunmapPages,
  migrateDeviceRange,
  migrateVmaFinalize,
  migrateVmaPages,
} from '../../../src/engine/index';
import { MACHINE, build, fourPages, pte } from './helpers';

describe('lifecycle', () => {
  test('a new machine: RAM free, every device page free with refcount 0, pgmap base reference', () => {
    const w = createWorld(MACHINE);
    expect(w.sysFree).toBe(16);
    for (const name of ['dev0', 'dev1', 'dev2']) {
      const d = getDevice(w, name)!;
      expect(d).toMatchObject({
        nrFree: 8,
        nrAllocated: 0,
        pgmap: { refcount: 1, live: true, owner: name },
      });
      expect(getFrame(w, d.base)).toMatchObject({
        zone: 'device',
        refcount: 0,
        zoneDeviceData: d.base + 1,
      });
    }
    expect(getDevice(w, 'dev2')?.pgmap?.type).toBe('MEMORY_DEVICE_COHERENT');
  });

  test('spawn, mmap (merging neighbours), name clashes', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'mmap', proc: 'A', page: 2, count: 2, prot: 'rw' },
      { op: 'mmap', proc: 'A', page: 4, count: 1, prot: 'rw', shared: true },
    ]);
    expect(getProc(w, 'A')?.vmas).toEqual([
      { start: 0, end: 4, read: true, write: true, shared: false },
      { start: 4, end: 5, read: true, write: true, shared: true },
    ]);
    expect(applyStep(w, { op: 'spawn', proc: 'A' }).result).toMatchObject({
      ret: -17,
      errno: 'EEXIST',
    });
    const m = applyStep(w, { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' }).world;
    expect(applyStep(m, { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'm' }).result.ret).toBe(
      -17,
    );
    expect(applyStep(m, { op: 'mirror.open', proc: 'A', device: 'gpu', as: 'n' }).result.ret).toBe(
      -2,
    );
  });

  test('mmap over a mapped range replaces it (MAP_FIXED): old pages are freed', () => {
    const w = fourPages();
    const r = applyStep(w, { op: 'mmap', proc: 'A', page: 1, count: 2, prot: 'r' });
    expect(getPte(r.world, 'A', 1)).toBeNull();
    expect(r.world.sysFree).toBe(w.sysFree + 2);
    expect(
      applyStep(r.world, { op: 'cpu.read', proc: 'A', page: 1, count: 1 }).result.data,
    ).toEqual([0]);
  });

  test('shared memory: a read allocates a page with the page cache reference', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw', shared: true },
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
    ]);
    expect(pte(w, 0)).toMatchObject({ kind: 'present', zero: false, write: true });
    expect(getFrame(w, pte(w, 0).frame)).toMatchObject({
      refcount: 2,
      mapcount: 1,
      mapping: 'shmem',
    });
  });
});

describe('eviction, phase by phase (dmirror_device_evict_chunk)', () => {
  const w = applyStep(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 3 }).world;

  test('migrate_device_range takes pages in use, skips free ones, unmaps through the rmap', () => {
    const r = migrateDeviceRange(w, 'dev0');
    const mig = r.value;
    expect(mig.npages).toBe(8);
    expect(mig.src.filter((s) => hasFlag(s, MIGRATE_PFN_MIGRATE))).toHaveLength(3);
    expect(mig.src.slice(3)).toEqual([0, 0, 0, 0, 0]);
    for (let p = 0; p < 3; p++)
      expect(getPte(r.world, 'A', p)).toMatchObject({ kind: 'migration', write: true });
    const d0 = getDevice(w, 'dev0')!.base;
    // get_page_unless_zero + the mapping's reference moved into the migration: 1/0, locked.
    expect(getFrame(r.world, d0)).toMatchObject({ refcount: 1, mapcount: 0, locked: true });
    // try_to_migrate fires MMU_NOTIFY_CLEAR: even the owner's mirror loses its entries.
    expect(r.microsteps.some((m) => m.fn === 'dmirror_interval_invalidate')).toBe(true);
  });

  test('copy, migrate_device_pages, migrate_device_finalize, memunmap_pages', () => {
    const range = migrateDeviceRange(w, 'dev0');
    const copied = dmirrorDevmemFaultAllocAndCopy(range.world, range.value, null);
    const moved = migrateVmaPages(copied.world, copied.value.mig);
    const fin = migrateVmaFinalize(moved.world, moved.value);
    for (let p = 0; p < 3; p++) {
      expect(pte(fin.world, p)).toMatchObject({ kind: 'present', write: true });
      expect(getFrame(fin.world, pte(fin.world, p).frame).value).toBe(10 + p);
    }
    // The device pages went through page_free: back on the free list (chunk not removed here).
    expect(getDevice(fin.world, 'dev0')).toMatchObject({ nrAllocated: 0, nrFree: 8 });
    expect(getDevice(fin.world, 'dev0')?.pgmap?.refcount).toBe(1);
    const un = memunmapPages(fin.world, 'dev0');
    expect(un.value).toBe(true);
    expect(getDevice(un.world, 'dev0')?.pgmap).toBeNull();
    // memunmap_pages while pages are in use would wait forever.
    expect(memunmapPages(w, 'dev0').value).toBe(false);
    expect(getDevice(memunmapPages(w, 'dev0').world, 'dev0')?.pgmap?.refcount).toBe(4);
  });
});
