/**
 * The 2015 API generation (machine.kernel.api = "2015", seed 000's dummy driver; domain.md §2.17
 * and S18): the ioctls' counters, the bitmap allocator (INV-D1), copy_to_device / copy_from_device
 * with the dirty bit, invalidation with pte_mask, the loader's refusals, the full-bitmap bug (B13),
 * and the op machines agreeing with the engine.
 */
import { describe, expect, test } from 'vitest';
import {
  type MachineSpec,
  type Step,
  type World,
  applyStep,
  checkWorld,
  createWorld,
} from '../../../src/engine/index';
import { pvecGet } from '../../../src/engine/pvec';
import { runOpMachine } from '../../../src/machines/runOp';
import { LIBRARY } from '../../../src/scenarios/library/index';
import { validateScenario } from '../../../src/scenarios/load';

const MACHINE: MachineSpec = {
  systemPages: 8,
  devices: [{ name: 'dummy0', memory: 'private', pages: 4 }],
  kernel: { api: '2015' },
};

function run(steps: readonly Step[], machine: MachineSpec = MACHINE) {
  let w: World = createWorld(machine);
  const results = steps.map((s, i) => {
    const r = applyStep(w, s, i);
    w = r.world;
    return r;
  });
  return { world: w, results };
}

const SETUP: Step[] = [
  { op: 'spawn', proc: 'P1' },
  { op: 'mmap', proc: 'P1', page: 0, count: 3, prot: 'rw' },
  { op: 'cpu.write', proc: 'P1', page: 0, count: 3, values: [10, 11, 12] },
  { op: 'mirror.open', proc: 'P1', device: 'dummy0', as: 'M1' },
];
const bits = (w: World) => w.devices.dummy0?.rmemBitmap;

describe('the 2015 dummy driver (S18)', () => {
  const s18 = LIBRARY.find((e) => e.id === 's18-dummy-driver-2015');
  test('S18 is in the library and loads', () => {
    expect(s18).toBeDefined();
    expect(validateScenario(s18?.doc).ok).toBe(true);
  });

  test('each ioctl returns the driver’s counters and data', () => {
    const { results, world } = run((s18?.doc.steps ?? []) as Step[]);
    const r = results.map((x) => x.result);
    expect(r[4]).toMatchObject({
      ret: 0,
      data: [10, 11, 12],
      dummy: { nsys_pages: 3, nfaulted_sys_pages: 3, ndev_pages: 0, nfaulted_dev_pages: 0 },
    });
    expect(r[5]).toMatchObject({ ret: 0, dummy: { nfaulted_dev_pages: 2, nfaulted_sys_pages: 0 } });
    expect(r[6]).toMatchObject({ ret: 0, dummy: { ndev_pages: 2, nsys_pages: 1 } });
    expect(r[7]).toMatchObject({ ret: 0, data: [20] });
    expect(r[9]).toMatchObject({ ret: 0, data: [20], dummy: { nsys_pages: 1, ndev_pages: 0 } });
    expect(results.flatMap((x) => x.violations)).toEqual([]);
    expect(world.devices.dummy0?.rmemBitmap?.every((b) => !b)).toBe(true);
  });

  test('MIGRATE_TO: bits reserved, CPU entries become HMM entries, system pages freed', () => {
    const { world, results } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 2 },
    ]);
    expect(results[4]?.result.dummy?.nfaulted_dev_pages).toBe(2);
    expect(bits(world)).toEqual([true, true, false, false]);
    expect(world.devices.dummy0?.dpfn).toBeNull();
    const base = world.devices.dummy0?.base ?? -1;
    expect([0, 1].map((p) => applyPte(world, p))).toEqual([
      { kind: 'hmm', frame: base, write: false },
      { kind: 'hmm', frame: base + 1, write: false },
    ]);
    // The fake pages hold the data; the system pages went back to the buddy allocator.
    expect([base, base + 1].map((f) => frameValue(world, f))).toEqual([10, 11]);
    expect(world.sysFree).toBe(8 - 1);
    expect(checkWorld(world, true)).toEqual([]);
  });

  test('copy_from_device moves the dirty bit to the CPU entry and frees the fake page', () => {
    const { world } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 1 },
      { op: 'cpu.read', proc: 'P1', page: 0, count: 1 },
    ]);
    expect(applyPte(world, 0)).toMatchObject({ kind: 'present', dirty: false });
    const dirty = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 1 },
      { op: 'dev.write', mirror: 'M1', page: 0, count: 1, value: 7 },
      { op: 'cpu.read', proc: 'P1', page: 0, count: 1 },
    ]);
    expect(applyPte(dirty.world, 0)).toMatchObject({ kind: 'present', dirty: true });
    expect(dirty.results[6]?.result.data).toEqual([7]);
    expect(bits(dirty.world)).toEqual([false, false, false, false]);
    expect(dptOf(dirty.world, 0)).toMatchObject({ dirty: false });
  });

  test('write-protection clears the write bit and keeps the fake page; WRITE then faults', () => {
    const { results, world } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 1 },
      { op: 'mprotect', proc: 'P1', page: 0, count: 1, prot: 'r' },
      { op: 'dev.write', mirror: 'M1', page: 0, count: 1, value: 5 },
      { op: 'mprotect', proc: 'P1', page: 0, count: 1, prot: 'rw' },
      { op: 'dev.write', mirror: 'M1', page: 0, count: 1, value: 5 },
    ]);
    expect(results[6]?.result).toMatchObject({ errno: 'EFAULT' });
    expect(results[8]?.result).toMatchObject({
      ret: 0,
      dummy: { ndev_pages: 1, nfaulted_sys_pages: 1 },
    });
    expect(bits(world)).toEqual([true, false, false, false]);
    expect(results.flatMap((r) => r.violations)).toEqual([]);
  });

  test('a dirty system-page entry hands its dirty bit to the page when write-protected', () => {
    const { world } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 1 },
      { op: 'cpu.read', proc: 'P1', page: 0, count: 1 }, // back in a clean system page
      { op: 'dev.write', mirror: 'M1', page: 0, count: 1, value: 9 },
    ]);
    expect(applyPte(world, 0)).toMatchObject({ dirty: false });
    expect(dptOf(world, 0)).toMatchObject({ dirty: true });
    const r = applyStep(world, { op: 'mprotect', proc: 'P1', page: 0, count: 1, prot: 'r' }, 8);
    expect(applyPte(r.world, 0)).toMatchObject({ dirty: true, write: false });
    expect(dptOf(r.world, 0)).toMatchObject({ access: 'read', dirty: false });
  });

  test('MIGRATE_TO over a page already in fake memory: -EINVAL, the reservation is freed', () => {
    const { results, world } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 1 },
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 2 },
    ]);
    expect(results[5]?.result).toMatchObject({ errno: 'EINVAL', dummy: { nfaulted_dev_pages: 0 } });
    expect(bits(world)).toEqual([true, false, false, false]);
    expect(applyPte(world, 1)).toMatchObject({ kind: 'present' });
    expect(results.flatMap((r) => r.violations)).toEqual([]);
  });

  test('B13: a full bitmap makes the driver write past it — a crash, then nothing runs', () => {
    const machine = {
      ...MACHINE,
      devices: [{ name: 'dummy0', memory: 'private' as const, pages: 2 }],
    };
    const { results } = run(
      [
        ...SETUP,
        { op: 'dev.migrate', mirror: 'M1', page: 0, count: 3 },
        { op: 'cpu.read', proc: 'P1', page: 0, count: 1 },
      ],
      machine,
    );
    expect(results[4]?.result.outcome).toMatchObject({ kind: 'crash', invariant: 'INV-D1' });
    expect(results[5]?.result.notRun).toBeDefined();
  });

  test('munmap and exit give every fake page back (pte_mask 0)', () => {
    const { world } = run([
      ...SETUP,
      { op: 'dev.migrate', mirror: 'M1', page: 0, count: 3 },
      { op: 'munmap', proc: 'P1', page: 1, count: 1 },
    ]);
    expect(bits(world)).toEqual([true, false, true, false]);
    const gone = applyStep(world, { op: 'exit', proc: 'P1' }, 6).world;
    expect(bits(gone)).toEqual([false, false, false, false]);
    expect(checkWorld(gone, true)).toEqual([]);
  });

  test('the op machines give the engine’s results, micro-steps and worlds', () => {
    let a: World = createWorld(s18?.doc.machine ?? MACHINE);
    let b = a;
    (s18?.doc.steps ?? []).forEach((s, i) => {
      const x = applyStep(a, s, i);
      const y = runOpMachine(b, s, i);
      expect(y.result, `step ${i}`).toEqual(x.result);
      expect(y.microsteps.map((m) => m.narration)).toEqual(x.microsteps.map((m) => m.narration));
      a = x.world;
      b = y.world;
    });
    expect(b.devices).toEqual(a.devices);
  });
});

describe('the loader on the 2015 API', () => {
  const base = {
    format: 'hmm-lab/scenario@1',
    title: 't',
    machine: {
      systemPages: 4,
      devices: [{ name: 'd', memory: 'private', pages: 2 }],
      kernel: { api: '2015' },
    },
    steps: [{ op: 'spawn', proc: 'P1' }],
  };
  test('refuses ops the 2015 design did not have, with the reason', () => {
    const r = validateScenario({
      ...base,
      steps: [
        { op: 'spawn', proc: 'P1' },
        { op: 'fork', proc: 'P1', child: 'C' },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/not part of the 2015 HMM API/);
  });
  test('refuses coherent memory and later eras', () => {
    const r = validateScenario({
      ...base,
      machine: {
        ...base.machine,
        devices: [{ name: 'd', memory: 'coherent', pages: 2 }],
        kernel: { api: '2015', era: 'ERA_B_NOBIAS_BROKEN' },
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path).sort()).toEqual([
        'machine.devices[0].memory',
        'machine.kernel.era',
      ]);
  });
  test('accepts a plain 2015 machine', () => {
    expect(validateScenario(base).ok).toBe(true);
  });
});

function applyPte(w: World, page: number) {
  const pt = w.procs.P1?.pt;
  return pt === undefined ? null : pvecGet(pt, page);
}
function dptOf(w: World, page: number) {
  const m = w.mirrors.M1;
  return m === undefined ? null : pvecGet(m.pt, page);
}
function frameValue(w: World, f: number) {
  return pvecGet(w.frames, f)?.value;
}
