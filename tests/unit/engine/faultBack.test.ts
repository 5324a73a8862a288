/**
 * A CPU touch of a device-private page: do_swap_page → migrate_to_ram (domain.md §2.8, the fixed
 * flow) — the fault's own page reference, fault_page plumbing, page_free in do_swap_page's put.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  doSwapPage,
  getDevice,
  getFrame,
  getMirror,
  getPte,
  pvecGet,
} from '../../../src/engine/index';
import { build, frameAt, pte } from './helpers';

const migrated = () =>
  build([
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 4, values: [10, 11, 12, 13] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 },
  ]);

describe('do_swap_page on a device-private entry', () => {
  test('the §2.8 trace: D 1/1 → 2/1 → 2/0 locked → freed by do_swap_page; S 1/1', () => {
    const w = migrated();
    const d = pte(w, 0).frame;
    expect(pte(w, 0)).toMatchObject({ kind: 'devicePrivate', write: true });
    expect(getFrame(w, d)).toMatchObject({ refcount: 1, mapcount: 1 });
    expect(getDevice(w, 'dev0')?.pgmap?.refcount).toBe(5);

    const r = doSwapPage(w, 'A', 0);
    expect(r.value).toBe('done');
    const byFn = (fn: string) => r.microsteps.filter((m) => m.fn === fn);
    // First micro-step: lock + get_page under the PTE lock.
    const first = r.microsteps[0];
    expect(first?.fn).toBe('do_swap_page');
    expect(getFrame(first!.world, d)).toMatchObject({ refcount: 2, mapcount: 1, locked: true });
    // After collect: 2/0, locked, migration entry (the fault page keeps both references).
    const collect = byFn('migrate_vma_collect')[0];
    expect(getFrame(collect!.world, d)).toMatchObject({ refcount: 2, mapcount: 0, locked: true });
    expect(getPte(collect!.world, 'A', 0)).toMatchObject({ kind: 'migration', write: true });
    // The unmap check expects 1 + 1 (fault page) extra references: the page stays selected.
    expect(byFn('migrate_vma_unmap')[0]?.narration).toMatch(/1 stays selected/);
    // After finalize the device page still has do_swap_page's reference (1/0), unlocked? No:
    // the fault page stays locked until do_swap_page unlocks it.
    const fin = byFn('migrate_vma_finalize')[0];
    expect(getFrame(fin!.world, d)).toMatchObject({ refcount: 1, mapcount: 0, locked: true });
    // The last put is do_swap_page's: page_free, one pgmap reference fewer.
    expect(getFrame(r.world, d)).toMatchObject({ refcount: 0, mapcount: 0, locked: false });
    expect(getDevice(r.world, 'dev0')).toMatchObject({ nrAllocated: 3, nrFree: 5 });
    expect(getDevice(r.world, 'dev0')?.pgmap?.refcount).toBe(4);
    expect(pte(r.world, 0)).toMatchObject({ kind: 'present', write: true });
    expect(frameAt(r.world, 0)).toMatchObject({ refcount: 1, mapcount: 1, lru: true, value: 10 });
    expect(r.violations).toEqual([]);
  });

  test('the MIGRATE invalidation of migrate_to_ram is skipped by the owner, which erases its entry itself', () => {
    const w = migrated();
    const seq = getMirror(w, 'm0')?.seq;
    const r = applyStep(w, { op: 'cpu.read', proc: 'A', page: 2, count: 1 }, 0);
    expect(r.result).toMatchObject({ ret: 0, data: [12] });
    const m = getMirror(r.world, 'm0');
    expect(m?.seq).toBe(seq);
    expect(pvecGet(m!.pt, 2)).toBeNull(); // xa_erase in dmirror_devmem_fault_alloc_and_copy
    expect(pvecGet(m!.pt, 1)).not.toBeNull(); // the other pages stay mapped on the device
  });

  test('a device-coherent page is read and written in place by the CPU (no fault)', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 5 },
      { op: 'mirror.open', proc: 'A', device: 'dev2', as: 'm2' },
      { op: 'dev.migrate', mirror: 'm2', page: 0, count: 2 },
    ]);
    const before = pte(w, 0);
    expect(before.kind).toBe('present');
    const r = applyStep(w, { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 9 }, 0);
    expect(r.microsteps.map((m) => m.fn)).toEqual(['cpu_store']);
    expect(pte(r.world, 0)).toEqual(before);
    expect(frameAt(r.world, 0).value).toBe(9);
  });
});
