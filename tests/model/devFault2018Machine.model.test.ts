/**
 * Model-based test of devFault2018Machine (dev.read / dev.write on the 2018 API: find_vma +
 * hmm_vma_fault → lock + hmm_vma_range_done → decode and store, window by window): every state
 * and transition — the copy, windows cut at VMA ends, a missing VMA, a range invalidated by its
 * own copy-on-write or by another thread (`op.world`: a world where an mprotect ran, handed to
 * the machine between two phases while the driver's lock is free), another device's private
 * page asked again with DEVICE_PRIVATE, a migration entry (-EBUSY from hmm_vma_fault), the retry
 * and pass budgets, and a process whose mm is gone.
 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  getMirror,
  getProc,
  getPte,
  kernelConfig,
  pvecForEach,
  pvecFromArray,
  type EngineConfig,
  type Pte,
  type Step,
  type World,
} from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { devFault2018Machine } from '../../src/machines/ops/devFault2018Machine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { MACHINE, after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const api2018 = (budget = 16): EngineConfig =>
  kernelConfig({ api: '2018' }, { ...DEFAULT_CONFIG, rangeFaultRetryBudget: budget });
const API = api2018();
const BIG = { ...MACHINE, systemPages: 160 };
const read = (count: number, page = 0): Step => ({ op: 'dev.read', mirror: 'm', page, count });
const write = (count: number): Step => ({ op: 'dev.write', mirror: 'm', page: 0, count, value: 7 });
const world = (count: number, config = API) => pages(count, 'dev0', MACHINE, config);

/** Page 0 maps the shared zero page: a write fault means copy-on-write (an invalidation). */
const zeroPage = (config = API) =>
  after(world(2, config), [
    { op: 'munmap', proc: 'A', page: 0, count: 1 },
    { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw' },
    { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
  ]);

/** Page 1 on dev1's memory (another mirror migrated it): reported, then asked again. */
const onDev1 = (config = API) =>
  after(world(2, config), [
    { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'n' },
    { op: 'dev.migrate', mirror: 'n', page: 1, count: 1 },
  ]);

/** Synthetic: page 0's PTE is a migration entry no migration will ever remove. */
function migrating(config = API): World {
  const w = world(1, config);
  const a = getProc(w, 'A');
  const pte = getPte(w, 'A', 0);
  if (a === undefined || pte === null) throw new Error('no page 0 of A');
  const entry: Pte = { kind: 'migration', frame: pte.frame, write: true, dirty: true };
  return { ...w, procs: { ...w.procs, A: { ...a, pt: pvecFromArray([entry]) } } };
}

/** A process whose mm is gone while its mirror's file is still open (mmget_not_zero fails). */
function deadProcess(): World {
  const w = world(1);
  const a = getProc(w, 'A');
  if (a === undefined) throw new Error('no A');
  return { ...w, procs: { ...w.procs, A: { ...a, alive: false } } };
}

/** op.step, and — while the driver's lock is free — up to two mprotects by another thread. */
const racing = (s: Snap): OpEvent[] => {
  const w = s.context.world;
  const m = getMirror(w, 'm');
  const mprotect: Step = { op: 'mprotect', proc: 'A', page: 0, count: 1, prot: 'rw' };
  return [
    { type: 'op.step' },
    ...(m !== undefined && !m.locked && m.seq < 2 && s.status === 'active'
      ? [{ type: 'op.world' as const, world: applyStep(w, mprotect, 0).world }]
      : []),
  ];
};

const cases: Case[] = [
  { name: 'mapped already', input: { world: after(world(2), [read(2)]), step: read(2) } },
  { name: 'read faults once', input: { world: world(4), step: read(4) } },
  { name: 'three windows', input: { world: pages(130, 'dev0', BIG, API), step: read(130) } },
  { name: 'not open (-EBADF)', input: { world: build([], MACHINE, API), step: read(1) } },
  { name: 'a hole (-EFAULT)', input: { world: world(2), step: read(4) } },
  { name: 'CoW: range_done false, again', input: { world: zeroPage(), step: write(1) } },
  { name: 'CoW, budget 1 (-EBUSY)', input: { world: zeroPage(api2018(1)), step: write(1) } },
  {
    name: 'own read-only device page (-EFAULT)',
    input: {
      world: after(world(2), [
        { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
        { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'r' },
        { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'rw' },
      ]),
      step: write(2),
    },
  },
  { name: "dev1's page: asked again", input: { world: onDev1(), step: read(2) } },
  { name: "dev1's page, budget 1 (-EBUSY)", input: { world: onDev1(api2018(1)), step: read(2) } },
  {
    name: 'migration entry',
    input: { world: migrating(api2018(2)), step: read(1) },
    synthetic: true,
  },
  { name: 'the mm is gone', input: { world: deadProcess(), step: read(1) }, synthetic: true },
  { name: 'another thread invalidates', input: { world: world(1), step: read(1) }, events: racing },
];

const serialize = (s: Snap) => {
  const c = s.context;
  const m = getMirror(c.world, 'm');
  let entries = 0;
  if (m !== undefined) pvecForEach(m.pt, 0, Infinity, () => entries++);
  const back = c.back as readonly number[];
  return [s.value, c.outcome !== null, c.copyRet, c.ret, c.valid, c.pass, c.window, c.round].concat(
    [c.faults, back.length, m?.seq, m?.locked, entries],
  );
};

describe('devFault2018Machine (model-based)', () => {
  test('every state and transition; the results of the engine', () => {
    const results = new Map<string, Set<string>>();
    const run = runModel(devFault2018Machine, cases, serialize, (c, o) => {
      const r = (o as OpOutput).result;
      const s = results.get(c.name) ?? new Set<string>();
      s.add(`${r.errno ?? 'ok'} faults=${r.faults ?? '-'}`);
      results.set(c.name, s);
    });
    expectFullCoverage(devFault2018Machine, run);
    const only = (name: string) => [...(results.get(name) ?? [])];
    expect(only('mapped already')).toEqual(['ok faults=0']);
    expect(only('read faults once')).toEqual(['ok faults=1']);
    expect(only('three windows')).toEqual(['ok faults=1']);
    expect(only('not open (-EBADF)')).toEqual(['EBADF faults=-']);
    expect(only('a hole (-EFAULT)')).toEqual(['EFAULT faults=-']);
    expect(only('CoW: range_done false, again')).toEqual(['ok faults=1']);
    expect(only('CoW, budget 1 (-EBUSY)')).toEqual(['EBUSY faults=-']);
    expect(only('own read-only device page (-EFAULT)')).toEqual(['EFAULT faults=-']);
    expect(only("dev1's page: asked again")).toEqual(['ok faults=1']);
    expect(only("dev1's page, budget 1 (-EBUSY)")).toEqual(['EBUSY faults=-']);
    expect(only('migration entry')).toEqual(['EBUSY faults=-']);
    expect(only('the mm is gone')).toEqual(['EBUSY faults=-']);
    // Racing invalidations: one or two more rounds or passes, or out of passes (count + 2).
    expect(only('another thread invalidates')).toEqual(
      expect.arrayContaining(['ok faults=1', 'ok faults=2', 'EBUSY faults=-']),
    );
    expect(run.paths).toBeGreaterThan(cases.length);
  });
});
