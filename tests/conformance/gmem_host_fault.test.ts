// The CPU side (domain.md §2.18 G6): a CPU fault on a peer-shared chunk runs the huge-page fault
// and gm_host_fault_locked (seed 003 @15452-16600), which looks up address 0, not the chunk's base.
import { describe, expect, test } from 'vitest';
import {
  type S,
  Session,
  freeList,
  frameOf,
  gm,
  gmDoc,
  mappingOf,
  pmapOf,
  pteOf,
  setupSteps,
  usedCount,
  valuesOf,
  violationIds,
} from '../unit/gmem/world';

const fault = (page: number): S => ({ op: 'gm.dev-fault', proc: 'P1', device: 'npu0', page });
const write = (page: number, values: number[]): S => ({
  op: 'cpu.write',
  proc: 'P1',
  page,
  count: values.length,
  values,
});
const read = (page: number): S => ({ op: 'cpu.read', proc: 'P1', page, count: 4 });

/** P1 maps `chunks` chunks from page 0; npu0 (8 pages) is attached. */
function session(chunks: number): Session {
  const s = new Session(gmDoc(setupSteps(['npu0'], chunks), { systemPages: 32 }));
  for (const r of s.applied) expect(r.violations).toEqual([]);
  return s;
}

describe('gm_host_fault_locked', () => {
  test('chunk c0 on the device: peer_unmap copies it back into a new host page, CPU again', () => {
    const s = session(1);
    s.clean(write(0, [11, 12, 13, 14]), fault(0));
    const dev = pmapOf(s.world, 'npu0', 0) ?? [];
    expect(dev).toHaveLength(4);
    const [r] = s.clean(read(0));
    expect(r?.result).toMatchObject({ ret: 0, data: [11, 12, 13, 14] });
    expect(r?.microsteps.map((m) => m.phase)).toEqual(
      expect.arrayContaining([
        'gm_host_fault_locked.lookup',
        'gm_host_fault_locked.dma_map_page',
        'gm_host_fault_locked.peer_unmap',
        'gm_host_fault_locked.dma_unmap_page',
      ]),
    );
    const m = mappingOf(s.world, 0);
    expect(m).toMatchObject({ flag: 'CPU', willneed: false, dev: null, locked: false });
    const page = m?.page ?? [];
    expect(page).toHaveLength(4);
    page.forEach((f, i) => {
      expect(pteOf(s.world, i)).toMatchObject({ kind: 'present', frame: f, write: true });
      expect(frameOf(s.world, f)).toMatchObject({ refcount: 1, mapcount: 1, value: 11 + i });
    });
    expect(usedCount(s.world, 'npu0')).toBe(0);
    expect(pmapOf(s.world, 'npu0', 0)).toBeUndefined();
    expect(gm(s.world).dma).toEqual([]);
  });

  test('peer_unmap fails: SIGBUS, the chunk stays on the device, the new host page is freed', () => {
    const s = session(1);
    s.clean(write(0, [11, 12, 13, 14]), fault(0));
    s.clean({ op: 'gm.mmu', device: 'npu0', peer_unmap: 'GM_RET_FAILURE_UNKNOWN' });
    const before = s.world;
    const [r] = s.clean(read(2));
    expect(r?.result).toMatchObject({ signal: 'SIGBUS', signalPage: 2 });
    expect(r?.result.data).toBeUndefined();
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'DEVICE', dev: 'npu0', locked: false });
    expect(pmapOf(s.world, 'npu0', 0)).toEqual(pmapOf(before, 'npu0', 0));
    expect(valuesOf(s.world, pmapOf(s.world, 'npu0', 0) ?? [])).toEqual([11, 12, 13, 14]);
    expect(s.world.sysFree).toBe(before.sysFree);
    expect(new Set(freeList(s.world))).toEqual(new Set(freeList(before)));
    expect(gm(s.world).dma).toEqual([]);
    expect(pteOf(s.world, 2)).toBeNull();
  });

  test('a chunk not at 0 and no gm_mapping at address 0: SIGBUS (lookup returns NULL)', () => {
    const s = new Session(
      gmDoc([
        ...setupSteps(['npu0'], 0),
        { op: 'mmap', proc: 'P1', page: 4, count: 4, prot: 'rw', peer: true },
      ]),
    );
    s.clean(write(4, [21, 22, 23, 24]), fault(4));
    expect(mappingOf(s.world, 0)).toBeUndefined();
    const free = s.world.sysFree;
    const [r] = s.clean(read(4));
    expect(r?.result).toMatchObject({ signal: 'SIGBUS', signalPage: 4 });
    expect(mappingOf(s.world, 1)).toMatchObject({ flag: 'DEVICE', dev: 'npu0', locked: false });
    expect(valuesOf(s.world, pmapOf(s.world, 'npu0', 1) ?? [])).toEqual([21, 22, 23, 24]);
    expect(s.world.sysFree).toBe(free);
  });

  test("a chunk not at 0 while c0 is on the device: c0's data is copied in (INV-X2)", () => {
    const s = session(2);
    s.clean(write(0, [11, 12, 13, 14]), write(4, [21, 22, 23, 24]), fault(0), fault(4));
    const c1Dev = pmapOf(s.world, 'npu0', 1) ?? [];
    const r = s.step(read(4));
    expect(r.result).toMatchObject({ ret: 0, data: [11, 12, 13, 14] });
    expect(violationIds(r)).toEqual(['INV-X2']);
    // c1 says CPU with c0's data; c0 still says DEVICE but npu0 unmapped it (peer_unmap of c0);
    // c1's device pages are still mapped and in use.
    expect(mappingOf(s.world, 1)).toMatchObject({ flag: 'CPU', locked: false });
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'DEVICE', dev: 'npu0' });
    expect(pmapOf(s.world, 'npu0', 0)).toBeUndefined();
    expect(pmapOf(s.world, 'npu0', 1)).toEqual(c1Dev);
    expect(valuesOf(s.world, c1Dev)).toEqual([21, 22, 23, 24]);
    expect(usedCount(s.world, 'npu0')).toBe(4);
  });

  test('a chunk not at 0 while c0 is CPU: gm_mapping->dev is the page pointer, the kernel oopses', () => {
    const s = session(2);
    s.clean(write(0, [11, 12, 13, 14]), write(4, [21, 22, 23, 24]), fault(4));
    const r = s.step(read(4));
    expect(r.result.outcome).toMatchObject({ kind: 'crash' });
    expect(s.world.halted).toMatchObject({ kind: 'crash', invariant: 'INV-X2' });
    expect(mappingOf(s.world, 1)?.locked).toBe(true); // the oops happened under the mutex
    expect(violationIds(r)).not.toContain('INV-X8');
    // Nothing runs after the oops.
    expect(s.step(read(0)).result.notRun).toMatch(/crashed/);
  });

  test('a NOMAP chunk: a plain zeroed huge page, CPU', () => {
    const s = session(2);
    // Leave data in freed host pages: c0 goes to npu0 (its host page is freed), then away.
    s.clean(write(0, [11, 12, 13, 14]), fault(0));
    s.clean(
      { op: 'munmap', proc: 'P1', page: 0, count: 4 },
      { op: 'mmap', proc: 'P1', page: 0, count: 4, prot: 'rw', peer: true },
    );
    for (const c of [0, 1]) {
      const [r] = s.clean(read(4 * c));
      expect(r?.result).toMatchObject({ ret: 0, data: [0, 0, 0, 0] });
      expect(r?.microsteps.map((m) => m.fn)).not.toContain('gm_host_fault_locked');
      const m = mappingOf(s.world, c);
      expect(m).toMatchObject({ flag: 'CPU', dev: null, locked: false });
      (m?.page ?? []).forEach((f, i) =>
        expect(pteOf(s.world, 4 * c + i)).toMatchObject({ kind: 'present', frame: f }),
      );
    }
  });
});
