/**
 * dev.read / dev.write on the 2018 API (machine.kernel.api = "2018"): hmm_vma_fault and
 * hmm_vma_range_done (mm/hmm.c of v4.17) instead of hmm_range_fault. Where the kernels behave
 * alike the results are today's; where 2018 differs, the difference is what these tests pin.
 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  createWorld,
  getPte,
  kernelConfig,
  runScenario,
  type ApplyResult,
  type MachineSpec,
  type ScenarioDoc,
  type Step,
  type World,
} from '../../../src/engine/index';
import { runOpMachine } from '../../../src/machines/runOp';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { LIBRARY } from '../../../src/scenarios/library/index';
import { validateScenario } from '../../../src/scenarios/load';

const on2018 = (d: ScenarioDoc): ScenarioDoc => ({
  ...d,
  machine: { ...d.machine, kernel: { ...d.machine.kernel, api: '2018' } },
});
const devAccess = (s: Step) => s.op === 'dev.read' || s.op === 'dev.write';
const MACHINE: MachineSpec = {
  systemPages: 16,
  devices: [
    { name: 'dev0', memory: 'private', pages: 4 },
    { name: 'dev1', memory: 'private', pages: 4 },
  ],
};

/** Runs `setup` on a fresh world of the given API, then `step`; engine and machine agree. */
function run(api: 'today' | '2018', setup: readonly Step[], step: Step): ApplyResult {
  let w: World = createWorld(MACHINE, kernelConfig({ api }, DEFAULT_CONFIG));
  setup.forEach((s, i) => (w = applyStep(w, s, i).world));
  const a = applyStep(w, step, setup.length);
  const b = runOpMachine(w, step, setup.length);
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  return a;
}
const fns = (r: ApplyResult) => r.microsteps.map((m) => m.fn);
const said = (r: ApplyResult, fn: string) =>
  r.microsteps.filter((m) => m.fn === fn).map((m) => m.narration);

const A: Step[] = [
  { op: 'spawn', proc: 'A' },
  { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
  { op: 'cpu.write', proc: 'A', page: 0, count: 4, values: [10, 11, 12, 13] },
  { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' },
];
const read = (page: number, count: number): Step => ({ op: 'dev.read', mirror: 'm', page, count });
const write0: Step = { op: 'dev.write', mirror: 'm', page: 0, count: 1, value: 5 };

describe('the results of today, where the kernels agree', () => {
  // Documents that pick their own kernel API, and races (whose schedules count today's phases).
  const docs = LIBRARY.filter(
    (e) =>
      e.doc.machine.kernel?.api === undefined &&
      e.doc.steps.some(devAccess) &&
      !e.doc.steps.some((s) => s.op === 'race'),
  );

  test('every scenario with a device read or write: the same ret, cpages, faults and data', () => {
    expect(docs.length).toBeGreaterThan(10);
    const differ: string[] = [];
    for (const e of docs) {
      const today = runScenario(e.doc).results;
      const then = runScenario(on2018(e.doc));
      expect(then.violations, e.id).toEqual([]);
      today.forEach((r, i) => {
        const t = then.results[i];
        if (JSON.stringify(t) !== JSON.stringify(r))
          differ.push(`${e.id} ${r.op}: ${r.errno ?? 'ok'} → ${t?.errno ?? 'ok'}`);
      });
    }
    // The one difference: hmm_vma_fault checks VM_READ and says -EPERM ("If vma do not allow
    // read access…", mm/hmm.c v4.17); today's hmm_vma_walk_test says -EFAULT.
    expect(differ).toEqual(['selftest-hmm-anon-read-prot dev.read: EFAULT → EPERM']);
  });

  test('the 2018 machine gives what the engine gives, micro-step for micro-step', () => {
    for (const e of docs) {
      const d = on2018(e.doc);
      expect(JSON.stringify(runScenarioWithMachines(d)), e.id).toBe(JSON.stringify(runScenario(d)));
    }
  });
});

describe('hmm_vma_fault of v4.17', () => {
  test('entries in the driver format; a fault, then walk_page_range again (-EAGAIN)', () => {
    const r = run('2018', A.slice(0, 2).concat(A.slice(3)), read(0, 2));
    expect(r.result).toMatchObject({ ret: 0, cpages: 2, faults: 1, data: [0, 0] });
    expect(fns(r).join(' ')).toBe(
      'dmirror_do_read dmirror_range_fault do_anonymous_page do_anonymous_page hmm_vma_do_fault ' +
        'hmm_vma_fault hmm_vma_range_done dmirror_do_fault dmirror_do_read',
    );
    expect(said(r, 'hmm_vma_fault')[0]).toMatch(/pfn \d+ << 6 \| VALID = 0b[01]+_000001/);
    expect(r.microsteps.find((m) => m.fn === 'hmm_vma_do_fault')?.src).toBe(
      'https://elixir.bootlin.com/linux/v4.17/source/mm/hmm.c',
    );
  });

  test('its own copy-on-write does not stop the walk: hmm_vma_range_done says start again', () => {
    const zero: Step[] = [...A.slice(0, 2), { op: 'cpu.read', proc: 'A', page: 0, count: 1 }];
    const r = run('2018', [...zero, A[3] as Step], write0);
    expect(r.result).toMatchObject({ ret: 0, cpages: 1, faults: 1 });
    const done = said(r, 'hmm_vma_range_done');
    expect(done).toHaveLength(2);
    expect(done[0]).toMatch(/returns false/);
    expect(fns(r)).not.toContain('mmu_interval_read_begin');
    expect(run('today', [...zero, A[3] as Step], write0).result).toEqual(r.result);
  });

  test('another device’s private page: reported, asked again with DEVICE_PRIVATE, faulted back', () => {
    const setup = [
      ...A,
      { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'n' } as Step,
      { op: 'dev.migrate', mirror: 'n', page: 1, count: 1 } as Step,
    ];
    const r = run('2018', setup, read(0, 2));
    expect(r.result).toEqual(run('today', setup, read(0, 2)).result);
    expect(r.result).toMatchObject({ ret: 0, data: [10, 11] });
    expect(said(r, 'hmm_vma_fault')[0]).toMatch(
      /page 1: pfn \d+ << 6 \| VALID \| WRITE \| DEVICE_PRIVATE/,
    );
    expect(said(r, 'dmirror_do_fault')[0]).toMatch(/another device's memory/);
    expect(said(r, 'dmirror_range_fault')[1]).toMatch(/DEVICE_PRIVATE too for page 1/);
    expect(getPte(r.world, 'A', 1)).toMatchObject({ kind: 'present' });
  });

  test('its own read-only device page: reported without WRITE, not faulted: -EFAULT, as today', () => {
    const setup = [
      ...A,
      { op: 'dev.migrate', mirror: 'm', page: 0, count: 1 } as Step,
      { op: 'mprotect', proc: 'A', page: 0, count: 1, prot: 'r' } as Step,
      { op: 'mprotect', proc: 'A', page: 0, count: 1, prot: 'rw' } as Step,
    ];
    const r = run('2018', setup, write0);
    expect(r.result).toEqual(run('today', setup, write0).result);
    expect(r.result.errno).toBe('EFAULT');
    expect(getPte(r.world, 'A', 0)).toMatchObject({ kind: 'devicePrivate', write: false });
  });

  test('a write to a read-only VMA: the driver checks VM_WRITE, hmm_vma_fault did not', () => {
    const setup = [...A, { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'r' } as Step];
    const r = run('2018', setup, write0);
    expect(r.result).toEqual(run('today', setup, write0).result);
    expect(r.result.errno).toBe('EPERM');
    expect(fns(r)).not.toContain('hmm_vma_fault');
    expect(said(r, 'dmirror_range_fault')[0]).toMatch(/looped for ever/);
  });

  test('one range per VMA: a window across two VMAs takes two hmm_vma_fault calls', () => {
    const two = [...A, { op: 'mprotect', proc: 'A', page: 2, count: 2, prot: 'r' } as Step];
    const r = run('2018', two, read(0, 4));
    expect(r.result).toEqual(run('today', two, read(0, 4)).result);
    expect(said(r, 'hmm_vma_fault')).toHaveLength(1); // the second window is merged
    expect(r.microsteps.at(-2)?.narration).toMatch(/one VMA each/);
  });

  test('an entry 2018 did not know (device-exclusive, 2021): ERROR, -EFAULT', () => {
    const setup = [
      ...A,
      { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'n' } as Step,
      { op: 'dev.exclusive', mirror: 'n', page: 0, count: 1 } as Step,
    ];
    expect(run('today', setup, read(0, 1)).result.ret).toBe(0);
    const r = run('2018', setup, read(0, 1));
    expect(r.result.errno).toBe('EFAULT');
    expect(said(r, 'hmm_vma_fault')[0]).toMatch(/-EFAULT/);
  });
});

describe('in a race', () => {
  const doc = (schedule: number[]): ScenarioDoc => ({
    format: 'hmm-lab/scenario@1',
    title: 'race',
    machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
    steps: [
      ...A.slice(0, 2),
      { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 11 },
      A[3] as Step,
      {
        op: 'race',
        threads: [read(0, 1), { op: 'munmap', proc: 'A', page: 0, count: 1 }],
        schedule,
      },
    ],
  });
  const race = (schedule: number[]) =>
    runScenarioWithMachines(on2018(doc(schedule))).results.at(-1);

  test('an munmap between hmm_vma_fault and hmm_vma_range_done: the driver starts again', () => {
    const r = race([0, 0, 1]);
    expect(r?.turns).toEqual([0, 0, 1, 0, 0]);
    // Page 0 is gone by the second hmm_vma_fault: find_vma finds no VMA there.
    expect(r?.threads?.[0]).toMatchObject({ op: 'dev.read', errno: 'EFAULT' });
  });

  test('not after a valid hmm_vma_range_done: the lock is held until the entries are stored', () => {
    const r = race([0, 0, 0, 1]);
    expect(r?.turns).toEqual([0, 0, 0, 0, 0, 1]);
    expect(r?.threads?.[0]).toMatchObject({ ret: 0, data: [11] });
  });
});

describe('S3 on the 2018 API (s3-2018-device-fault)', () => {
  const e = LIBRARY.find((x) => x.id === 's3-2018-device-fault');
  if (e === undefined) throw new Error('no s3-2018-device-fault');
  const t = runScenarioWithMachines(e.doc);
  const at = (op: string, k = 0) => t.results.filter((r) => r.op === op)[k];

  test('valid, no invariant broken, the results of today', () => {
    expect(validateScenario(e.doc).ok).toBe(true);
    expect(t.violations).toEqual([]);
    expect(JSON.stringify(runScenario(e.doc))).toBe(JSON.stringify(t));
    const today = { ...e.doc, machine: { ...e.doc.machine, kernel: undefined } };
    expect(runScenario(today).results).toEqual(t.results);
  });

  test("the read gets the zero page and dev1's page back; the write breaks CoW; -EPERM", () => {
    expect(at('dev.read')).toMatchObject({ ret: 0, cpages: 3, data: [0, 11, 12] });
    expect(at('dev.write')).toMatchObject({ ret: 0, cpages: 2, faults: 1 });
    expect(at('cpu.read')?.data).toEqual([11]);
    expect(at('dev.write', 1)?.errno).toBe('EPERM');
  });
});
