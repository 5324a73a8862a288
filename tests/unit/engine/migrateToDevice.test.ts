/**
 * HMM_DMIRROR_MIGRATE_TO_DEV phase by phase on a hand-built world, against the refcount trace of
 * domain.md §2.7 ("S1 → device private D1, single writable mapping, ERA_C").
 */
import { describe, expect, test } from 'vitest';
import {
  MIGRATE_PFN_MIGRATE,
  MIGRATE_PFN_WRITE,
  MIGRATE_VMA_SELECT_SYSTEM,
  dmirrorMigrateAllocAndCopy,
  dmirrorMigrateFinalizeAndMap,
  frameLabel,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  hasFlag,
  migratePfnToFrame,
  migrateVmaCollectPhase,
  migrateVmaFinalize,
  migrateVmaPages,
  migrateVmaSetup,
  migrateVmaUnmapPhase,
  pvecGet,
} from '../../../src/engine/index';
import { build, fourPages, frameAt, pte } from './helpers';

const ARGS = {
  proc: 'A',
  start: 0,
  end: 4,
  flags: MIGRATE_VMA_SELECT_SYSTEM,
  pgmapOwner: 'dev0',
  faultPage: null,
};

describe('migrate to device, phase by phase', () => {
  const w0 = fourPages();
  // A second mirror of A on another device sees the MIGRATE invalidation; m0 (dev0) skips it.
  const w1 = build([
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 4, values: [10, 11, 12, 13] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'm1' },
    { op: 'dev.read', mirror: 'm0', page: 0, count: 4 },
    { op: 'dev.read', mirror: 'm1', page: 0, count: 4 },
  ]);

  test('initial state: present writable system pages, 1/1 on the LRU', () => {
    expect(pte(w0, 0)).toMatchObject({ kind: 'present', write: true });
    expect(frameAt(w0, 0)).toMatchObject({
      refcount: 1,
      mapcount: 1,
      lru: true,
      locked: false,
      mapping: 'anon',
    });
    expect(getDevice(w0, 'dev0')?.pgmap).toMatchObject({ refcount: 1, live: true });
    expect(getDevice(w0, 'dev0')).toMatchObject({ nrFree: 8, nrAllocated: 0 });
  });

  test('collect: migration entries, the collect reference, MIGRATE notifier owner check', () => {
    const s0 = getFrame(w1, pte(w1, 0).frame);
    const seq0 = getMirror(w1, 'm0')?.seq ?? -1;
    const seq1 = getMirror(w1, 'm1')?.seq ?? -1;
    const r = migrateVmaCollectPhase(w1, ARGS);
    const { ret, mig } = r.value;
    expect(ret).toBe(0);
    expect(mig.npages).toBe(4);
    expect(mig.cpages).toBe(4);
    for (let i = 0; i < 4; i++) {
      expect(hasFlag(mig.src[i] ?? 0, MIGRATE_PFN_MIGRATE)).toBe(true);
      expect(hasFlag(mig.src[i] ?? 0, MIGRATE_PFN_WRITE)).toBe(true);
      expect(getPte(r.world, 'A', i)).toMatchObject({ kind: 'migration', write: true });
    }
    // get + remove rmap + put: refcount 1 (the collect reference), mapcount 0, locked.
    expect(frameAt(r.world, 0)).toMatchObject({
      refcount: 1,
      mapcount: 0,
      locked: true,
      lru: true,
    });
    expect(s0.refcount).toBe(1);
    // m0 belongs to dev0, the owner: skipped; m1 (dev1) is invalidated and loses its entries.
    expect(getMirror(r.world, 'm0')?.seq).toBe(seq0);
    expect(pvecGet(getMirror(r.world, 'm0')!.pt, 0)).not.toBeNull();
    expect(getMirror(r.world, 'm1')?.seq).toBe(seq1 + 1);
    expect(pvecGet(getMirror(r.world, 'm1')!.pt, 0)).toBeNull();
    // Micro-steps: the notifier, then the walk, each listing exactly what it changed.
    expect(r.microsteps.map((m) => m.fn)).toEqual([
      'dmirror_interval_invalidate',
      'migrate_vma_collect',
    ]);
    expect(r.microsteps[0]?.changed.mirrors).toEqual([
      { mirror: 'm1', pages: [0, 1, 2, 3], seq: true },
    ]);
    expect(r.microsteps[1]?.changed.ptes).toEqual([{ proc: 'A', pages: [0, 1, 2, 3] }]);
    expect([...(r.microsteps[1]?.changed.frames ?? [])].sort()).toEqual(
      [0, 1, 2, 3].map((p) => pte(w1, p).frame).sort(),
    );
  });

  test('unmap: isolation from the LRU, references checked, cpages kept', () => {
    const c = migrateVmaCollectPhase(w0, ARGS);
    const u = migrateVmaUnmapPhase(c.world, c.value.mig);
    expect(u.value.cpages).toBe(4);
    expect(frameAt(u.world, 0)).toMatchObject({
      refcount: 1,
      mapcount: 0,
      locked: true,
      lru: false,
    });
    expect(u.violations).toEqual([]);
  });

  test('alloc and copy, pages, finalize_and_map, finalize: the §2.7 trace', () => {
    const s = migrateVmaSetup(w0, ARGS);
    const sysFrames = [0, 1, 2, 3].map((p) => pte(w0, p).frame);
    const a = dmirrorMigrateAllocAndCopy(s.world, s.value.mig, 'm0');
    const dpages = a.value.dst.map((d) => migratePfnToFrame(d) as number);
    for (const [i, d] of dpages.entries()) {
      expect(getFrame(a.world, d)).toMatchObject({
        refcount: 1,
        mapcount: 0,
        locked: true,
        value: 10 + i,
      });
      expect(hasFlag(a.value.dst[i] ?? 0, MIGRATE_PFN_WRITE)).toBe(true);
      expect(frameLabel(a.world, d).startsWith('dev0:')).toBe(true);
    }
    // zone_device_page_init took one pgmap reference per page; the free list shrank.
    expect(getDevice(a.world, 'dev0')).toMatchObject({ nrFree: 4, nrAllocated: 4 });
    expect(getDevice(a.world, 'dev0')?.pgmap?.refcount).toBe(1 + 4);

    const p = migrateVmaPages(a.world, a.value);
    expect(p.value.src.every((x) => hasFlag(x, MIGRATE_PFN_MIGRATE))).toBe(true);
    expect(getFrame(p.world, dpages[0] as number)).toMatchObject({
      mapping: 'anon',
      rmapProcs: ['A'],
      rmapPage: 0,
    });

    const m = dmirrorMigrateFinalizeAndMap(p.world, p.value, 'm0');
    const e = pvecGet(getMirror(m.world, 'm0')!.pt, 2);
    expect(e).toEqual({ frame: dpages[2], access: 'write' });

    const f = migrateVmaFinalize(m.world, p.value);
    for (let i = 0; i < 4; i++) {
      expect(getPte(f.world, 'A', i)).toEqual({
        kind: 'devicePrivate',
        frame: dpages[i],
        write: true,
      });
      expect(getFrame(f.world, dpages[i] as number)).toMatchObject({
        refcount: 1,
        mapcount: 1,
        locked: false,
        lru: false,
      });
      // The source system page is freed back to the buddy allocator.
      expect(getFrame(f.world, sysFrames[i] as number)).toMatchObject({
        refcount: 0,
        mapcount: 0,
        lru: false,
      });
    }
    expect(f.world.sysFree).toBe(w0.sysFree + 4);
    expect(getDevice(f.world, 'dev0')?.pgmap?.refcount).toBe(5);
    expect([s, a, p, m, f].flatMap((x) => x.violations)).toEqual([]);
  });

  test('phases never modify the world they are given', () => {
    const before = JSON.stringify(w0);
    migrateVmaSetup(w0, ARGS);
    expect(JSON.stringify(w0)).toBe(before);
  });

  test('invalid requests: no VMA, a range past the VMA, an empty range → -EINVAL', () => {
    expect(migrateVmaSetup(w0, { ...ARGS, start: 8, end: 9 }).value.ret).toBe(-22);
    expect(migrateVmaSetup(w0, { ...ARGS, end: 6 }).value.ret).toBe(-22);
    expect(migrateVmaSetup(w0, { ...ARGS, end: 0 }).value.ret).toBe(-22);
  });
});

describe('selection rules (migrate_vma_collect_pmd)', () => {
  test('holes of an anonymous VMA are selected without a page; the zero page only with SELECT_SYSTEM', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.read', proc: 'A', page: 1, count: 1 },
    ]);
    expect(pte(w, 1)).toMatchObject({ kind: 'present', zero: true });
    const sys = migrateVmaSetup(w, { ...ARGS, end: 2 }).value.mig;
    expect(sys.src).toEqual([MIGRATE_PFN_MIGRATE, MIGRATE_PFN_MIGRATE]);
    expect(sys.cpages).toBe(2);
    const devOnly = migrateVmaSetup(w, { ...ARGS, end: 2, flags: 2 /* SELECT_DEVICE_PRIVATE */ })
      .value.mig;
    expect(devOnly.src).toEqual([MIGRATE_PFN_MIGRATE, 0]);
  });

  test('device-private pages are selected only with SELECT_DEVICE_PRIVATE and the right owner', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 1 },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
      { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 },
    ]);
    const sel = (flags: number, owner: string) =>
      migrateVmaSetup(w, { ...ARGS, end: 2, flags, pgmapOwner: owner }).value.mig.cpages;
    expect(sel(MIGRATE_VMA_SELECT_SYSTEM, 'dev0')).toBe(0);
    expect(sel(2, 'dev1')).toBe(0);
    expect(sel(2, 'dev0')).toBe(2);
  });

  test('a page with an unexpected reference is restored, exactly as it was', () => {
    const w = fourPages();
    // Simulate a get_user_pages() reference on page 1's frame (no pin).
    const f1 = pte(w, 1).frame;
    const frames = JSON.parse(JSON.stringify(w.frames));
    expect(frames.shift).toBe(0); // 41 frames: the root is a leaf
    frames.root[f1] = { ...frames.root[f1], refcount: 2 };
    const hacked = { ...w, frames };
    const r = migrateVmaSetup(hacked, ARGS);
    expect(r.value.mig.cpages).toBe(3);
    expect(r.value.mig.src[1]).toBe(0);
    expect(getPte(r.world, 'A', 1)).toEqual(pte(w, 1));
    expect(getFrame(r.world, f1)).toMatchObject({
      refcount: 2,
      mapcount: 1,
      locked: false,
      lru: true,
    });
    expect(r.microsteps.at(-1)?.narration).toMatch(
      /page 1: unexpected references, restored as it was/,
    );
  });
});
