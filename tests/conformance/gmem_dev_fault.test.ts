// gm_dev_fault (seed 003 @12827-15450, domain.md §2.18 G5): one test per branch of the
// transition table, run through applyStep on a machine with GMEM devices.
import { describe, expect, test } from 'vitest';
import { GM_RET, type World } from '../../src/engine/index';
import {
  type S,
  Session,
  freeList,
  frameOf,
  gm,
  gmDevice,
  gmDoc,
  mappingOf,
  pmapOf,
  pteOf,
  setupSteps,
  usedCount,
  valuesOf,
  violationIds,
  withMapping,
} from '../unit/gmem/world';

const fault = (page = 0, device = 'npu0', hint?: 'MARK_HOT'): S => ({
  op: 'gm.dev-fault',
  proc: 'P1',
  device,
  page,
  ...(hint !== undefined ? { hint } : {}),
});
const write = (page: number, values: number[]): S => ({
  op: 'cpu.write',
  proc: 'P1',
  page,
  count: values.length,
  values,
});
const mmu = (peer_map: string, device = 'npu0'): S => ({ op: 'gm.mmu', device, peer_map });

/** A session with npu0 attached to P1, which maps `chunks` peer-shared chunks from page 0. */
function session(chunks = 1, devices = ['npu0']): Session {
  const s = new Session(
    gmDoc(setupSteps(devices, chunks), { devices: devices.map((d) => gmDevice(d)) }),
  );
  for (const r of s.applied) expect(r.violations).toEqual([]);
  return s;
}

/** c0 written with 11…14 by the CPU: its gm_mapping is CPU with a host huge page. */
function cpuChunk(s: Session): readonly number[] {
  s.clean(write(0, [11, 12, 13, 14]));
  const m = mappingOf(s.world, 0);
  expect(m).toMatchObject({ flag: 'CPU', willneed: false, dev: null, locked: false });
  expect(m?.page).toHaveLength(4);
  return m?.page ?? [];
}

const ptesNone = (w: World) => [0, 1, 2, 3].map((p) => pteOf(w, p));

describe('gm_dev_fault: the early returns', () => {
  test('no vm_obj: GM_RET_FAILURE_UNKNOWN and nothing created', () => {
    const s = session(0);
    const before = s.world;
    const r = s.step(fault());
    expect(r.result).toMatchObject({ ret: 4, gm: { ret: 'GM_RET_FAILURE_UNKNOWN' } });
    expect(gm(s.world).vmObjs).toEqual({});
    expect(s.world).toEqual(before);
    expect(r.microsteps.map((m) => m.phase)).toEqual([
      'gm_dev_fault.mmap_read_lock',
      'gm_dev_fault.mmap_unlock',
    ]);
  });

  test('no VMA at or above the address: GM_RET_FAILURE_UNKNOWN', () => {
    const s = session(1);
    const r = s.step(fault(8));
    expect(r.result).toMatchObject({ ret: GM_RET.GM_RET_FAILURE_UNKNOWN });
    expect(mappingOf(s.world, 2)).toBeUndefined();
    expect(r.violations).toEqual([]);
  });

  test('find_vma returns a VMA above the address: the code does not check vm_start', () => {
    const s = new Session(
      gmDoc([
        ...setupSteps(['npu0'], 0),
        { op: 'mmap', proc: 'P1', page: 4, count: 4, prot: 'rw', peer: true },
      ]),
    );
    // Page 0 lies below the only VMA (pages 4…7), yet the fault goes on and maps chunk c0.
    const r = s.step(fault(0));
    expect(r.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'DEVICE', dev: 'npu0' });
    expect(pmapOf(s.world, 'npu0', 0)).toHaveLength(4);
  });
});

describe('gm_dev_fault on a NOMAP chunk', () => {
  test('peer_map maps fresh, zeroed device memory: DEVICE', () => {
    const s = session(1);
    // Leave old data in npu0's first pages: c0 goes to the device, then is unmapped.
    cpuChunk(s);
    s.clean(fault());
    const old = pmapOf(s.world, 'npu0', 0) ?? [];
    expect(valuesOf(s.world, old)).toEqual([11, 12, 13, 14]);
    s.clean(
      { op: 'munmap', proc: 'P1', page: 0, count: 4 },
      { op: 'mmap', proc: 'P1', page: 0, count: 4, prot: 'rw', peer: true },
    );
    expect(usedCount(s.world, 'npu0')).toBe(0);
    const [r] = s.clean(fault(2));
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(mappingOf(s.world, 0)).toEqual({
      flag: 'DEVICE',
      willneed: false,
      page: null,
      dev: 'npu0',
      locked: false,
    });
    const frames = pmapOf(s.world, 'npu0', 0) ?? [];
    expect(frames).toEqual(old); // first fit: the same pages…
    expect(valuesOf(s.world, frames)).toEqual([0, 0, 0, 0]); // …cleared (copy is false)
    expect(usedCount(s.world, 'npu0')).toBe(4);
    expect(ptesNone(s.world)).toEqual([null, null, null, null]);
    expect(gm(s.world).dma).toEqual([]);
  });

  test('peer_map returns GM_RET_MIGRATING: NOMAP + WILLNEED, ret 0', () => {
    const s = session(1);
    s.clean(mmu('GM_RET_MIGRATING'));
    const [r] = s.clean(fault());
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'NOMAP', willneed: true, locked: false });
    expect(usedCount(s.world, 'npu0')).toBe(0);
    expect(r?.microsteps.map((m) => m.phase)).toContain('gm_dev_fault.set_willneed');
  });

  test.each([
    ['GM_RET_NOMEM', 1],
    ['GM_RET_PAGE_EXIST', 2],
    ['GM_RET_FAILURE_UNKNOWN', 4],
  ])('peer_map returns %s: NOMAP, and gm_dev_fault returns it', (name, ret) => {
    const s = session(1);
    s.clean(mmu(name));
    const [r] = s.clean(fault());
    expect(r?.result).toMatchObject({ ret, gm: { ret: name } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'NOMAP', willneed: false, locked: false });
    expect(usedCount(s.world, 'npu0')).toBe(0);
  });

  test('a device out of memory: the model driver returns GM_RET_NOMEM', () => {
    const s = new Session(gmDoc(setupSteps(['npu0'], 2, 4), { devices: [gmDevice('npu0', 4)] }));
    s.clean(fault(0));
    const [r] = s.clean(fault(4));
    expect(r?.result).toMatchObject({ ret: 1, gm: { ret: 'GM_RET_NOMEM' } });
    expect(mappingOf(s.world, 1)).toMatchObject({ flag: 'NOMAP' });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'DEVICE' });
  });
});

describe('gm_dev_fault on a CPU chunk', () => {
  test('get_page, zap, dma_map, peer_map with copy: DEVICE, data on the device, host page freed', () => {
    const s = session(1);
    const host = cpuChunk(s);
    const [r] = s.clean(fault());
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(r?.microsteps.map((m) => m.fn)).toEqual(
      expect.arrayContaining(['zap_page_range_single', 'peer_map']),
    );
    const fns = r?.microsteps.map((m) => m.phase) ?? [];
    expect(fns.indexOf('gm_dev_fault.zap_page_range_single')).toBeLessThan(
      fns.indexOf('gm_dev_fault.peer_map'),
    );
    expect(mappingOf(s.world, 0)).toEqual({
      flag: 'DEVICE',
      willneed: false,
      page: null,
      dev: 'npu0',
      locked: false,
    });
    expect(ptesNone(s.world)).toEqual([null, null, null, null]);
    const frames = pmapOf(s.world, 'npu0', 0) ?? [];
    expect(valuesOf(s.world, frames)).toEqual([11, 12, 13, 14]);
    for (const f of host) {
      expect(frameOf(s.world, f)).toMatchObject({ refcount: 0, mapcount: 0 });
      expect(freeList(s.world)).toContain(f);
    }
    expect(gm(s.world).dma).toEqual([]);
  });

  test('peer_map returns GM_RET_MIGRATING: CPU + WILLNEED, zapped, page and DMA mapping leaked', () => {
    const s = session(1);
    const host = cpuChunk(s);
    s.clean(mmu('GM_RET_MIGRATING'));
    const r = s.step(fault());
    expect(r.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'CPU', willneed: true, page: host });
    expect(ptesNone(s.world)).toEqual([null, null, null, null]);
    for (const f of host) {
      expect(frameOf(s.world, f)).toMatchObject({ refcount: 1, mapcount: 0 });
      expect(freeList(s.world)).not.toContain(f);
    }
    expect(gm(s.world).dma).toEqual([{ dev: 'npu0', frames: host, proc: 'P1', chunk: 0 }]);
    expect(violationIds(r)).toEqual(['INV-S2', 'INV-X3']);
  });

  test('peer_map fails: NOMAP, the host page and its data are freed, the DMA mapping leaks', () => {
    const s = session(1);
    const host = cpuChunk(s);
    s.clean(mmu('GM_RET_NOMEM'));
    const [r] = s.clean(fault());
    expect(r?.result).toMatchObject({ ret: 1, gm: { ret: 'GM_RET_NOMEM' } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'NOMAP', page: null, locked: false });
    expect(ptesNone(s.world)).toEqual([null, null, null, null]);
    for (const f of host) expect(frameOf(s.world, f).refcount).toBe(0);
    expect(freeList(s.world)).toEqual(expect.arrayContaining([...host]));
    expect(gm(s.world).dma).toEqual([{ dev: 'npu0', frames: host, proc: 'P1', chunk: 0 }]);
  });

  test('gm_mapping->page is NULL: "Set nomap", ret 0, nothing mapped on the device', () => {
    const s = session(1);
    s.edit((w) =>
      withMapping(w, 0, { flag: 'CPU', willneed: false, page: null, dev: null, locked: false }),
    );
    const [r] = s.clean(fault());
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(r?.microsteps.map((m) => m.phase)).toContain('gm_dev_fault.set_nomap');
    expect(r?.microsteps.map((m) => m.fn)).not.toContain('peer_map');
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'NOMAP', locked: false });
    expect(usedCount(s.world, 'npu0')).toBe(0);
    expect(pmapOf(s.world, 'npu0', 0)).toBeUndefined();
  });
});

describe('gm_dev_fault on a DEVICE chunk', () => {
  test('without a hint nothing changes (INV-X5)', () => {
    const s = session(1);
    cpuChunk(s);
    s.clean(fault());
    const before = s.world;
    const [r] = s.clean(fault(1));
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(s.world).toEqual(before);
    expect(r?.microsteps.map((m) => m.fn)).not.toContain('peer_map');
  });

  test('MARK_HOT on the same device: SUCCESS, the device memory is not touched', () => {
    const s = session(1);
    cpuChunk(s);
    s.clean(fault());
    const before = s.world;
    const [r] = s.clean(fault(0, 'npu0', 'MARK_HOT'));
    expect(r?.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(r?.microsteps.map((m) => m.fn)).toContain('peer_map');
    expect(gm(s.world)).toEqual(gm(before));
    expect(s.world.frames).toEqual(before.frames);
  });

  test('MARK_HOT on another device: fresh zeroed memory there, the old mapping stays (INV-X2)', () => {
    const s = session(1, ['npu0', 'npu1']);
    cpuChunk(s);
    // npu1's attach made its context current for npu1; npu0 keeps its own.
    s.clean(fault(0, 'npu0'));
    const onNpu0 = pmapOf(s.world, 'npu0', 0) ?? [];
    expect(valuesOf(s.world, onNpu0)).toEqual([11, 12, 13, 14]);
    const r = s.step(fault(0, 'npu1', 'MARK_HOT'));
    expect(r.result).toMatchObject({ ret: 0, gm: { ret: 'GM_RET_SUCCESS' } });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'DEVICE', dev: 'npu1', locked: false });
    const onNpu1 = pmapOf(s.world, 'npu1', 0) ?? [];
    expect(onNpu1).toHaveLength(4);
    expect(valuesOf(s.world, onNpu1)).toEqual([0, 0, 0, 0]); // the code never copies
    expect(pmapOf(s.world, 'npu0', 0)).toEqual(onNpu0);
    expect(valuesOf(s.world, onNpu0)).toEqual([11, 12, 13, 14]);
    expect(usedCount(s.world, 'npu0')).toBe(4);
    expect(usedCount(s.world, 'npu1')).toBe(4);
    expect(violationIds(r)).toEqual(['INV-X2']);
  });
});

describe('gm_mapping->lock', () => {
  /** Every branch that changes the mapping: CPU→DEVICE, MIGRATING, failure, page NULL. */
  const paths: [string, (s: Session) => void][] = [
    ['NOMAP → DEVICE', () => undefined],
    ['CPU → DEVICE', (s) => void cpuChunk(s)],
    [
      'CPU + MIGRATING',
      (s) => {
        cpuChunk(s);
        s.clean(mmu('GM_RET_MIGRATING'));
      },
    ],
    [
      'CPU + NOMEM',
      (s) => {
        cpuChunk(s);
        s.clean(mmu('GM_RET_NOMEM'));
      },
    ],
    ['NOMAP + MIGRATING', (s) => void s.clean(mmu('GM_RET_MIGRATING'))],
    [
      'page NULL',
      (s) =>
        s.edit((w) =>
          withMapping(w, 0, { flag: 'CPU', willneed: false, page: null, dev: null, locked: false }),
        ),
    ],
  ];

  test.each(paths)('%s: type changes happen under the mutex, none held at rest', (_, prep) => {
    const s = session(1);
    prep(s);
    let prev = mappingOf(s.world, 0);
    const r = s.step(fault());
    let changes = 0;
    for (const m of r.microsteps) {
      const now = mappingOf(m.world, 0);
      if (prev !== undefined && now !== undefined) {
        if (prev.flag !== now.flag || prev.willneed !== now.willneed) {
          changes++;
          expect(now.locked, m.phase).toBe(true);
        }
      }
      prev = now;
    }
    expect(changes).toBeGreaterThan(0);
    expect(mappingOf(s.world, 0)?.locked).toBe(false);
    expect(r.violations.map((v) => v.id)).not.toContain('INV-X8');
  });
});
