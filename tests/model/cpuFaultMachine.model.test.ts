/**
 * Model-based test of cpuFaultMachine (do_swap_page → migrate_to_ram = dmirror_devmem_fault):
 * the page comes back; the entry is not device-private (nothing to do); the page is locked by
 * someone else (the CPU retries); no free system page (VM_FAULT_OOM → SIGBUS); and
 * migrate_vma_setup refusing (VM_FAULT_SIGBUS), which needs a device entry outside any VMA.
 */
import { describe, expect, test } from 'vitest';
import {
  PVecEditor,
  getFrame,
  getProc,
  getPte,
  kernelConfig,
  type MachineSpec,
  type Step,
  type World,
} from '../../src/engine/index';
import {
  type CpuFaultInput,
  type CpuFaultOutput,
  cpuFaultMachine,
} from '../../src/machines/ops/cpuFaultMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, pages, valueOnly } from './worlds';

type Case = ModelCase<CpuFaultInput, { type: 'op.step' }>;

const migrate = (count: number): Step => ({ op: 'dev.migrate', mirror: 'm', page: 0, count });
const onDevice = () => after(pages(2), [migrate(2)]);
const TINY: MachineSpec = {
  systemPages: 1,
  devices: [{ name: 'dev0', memory: 'private', pages: 4 }],
};

function edit(w: World, change: (w: World, frame: number) => World): World {
  const frame = getPte(w, 'A', 0)?.frame;
  if (frame === undefined) throw new Error('no PTE');
  return change(w, frame);
}

/** The device page is locked (another migration of it is under way). */
const locked = () =>
  edit(onDevice(), (w, frame) => {
    const ed = new PVecEditor(w.frames);
    ed.set(frame, { ...getFrame(w, frame), locked: true });
    return { ...w, frames: ed.seal() };
  });

/** A device-private entry left where A has no VMA any more. */
const noVma = () =>
  edit(onDevice(), (w) => {
    const a = getProc(w, 'A');
    if (a === undefined) throw new Error('no A');
    return { ...w, procs: { ...w.procs, A: { ...a, vmas: [] } } };
  });

const ramFull = () =>
  build(
    [
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 5 },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' },
      migrate(1),
      { op: 'cpu.write', proc: 'A', page: 1, count: 1, value: 6 },
    ],
    TINY,
  );

const NO_REF = kernelConfig({ fixes: { FIX_FAULT_PAGE_REF: false } });
const onDeviceNoRef = () => after(pages(2, 'dev0', undefined, NO_REF), [migrate(2)]);

/** Before the B1 fix, the page freed under the fault (what a racing migration leaves). */
const freedUnderFault = () =>
  edit(onDeviceNoRef(), (w, frame) => {
    const ed = new PVecEditor(w.frames);
    const f = getFrame(w, frame);
    ed.set(frame, { ...f, refcount: 0, mapcount: 0, rmapProcs: [], zoneDeviceData: -1 });
    return { ...w, frames: ed.seal() };
  });

/** ERA_B: the device was removed under a mapped page, its pgmap freed. */
const pgmapFreed = () =>
  after(pages(1, 'dev0', undefined, kernelConfig({ era: 'ERA_B_NOBIAS_BROKEN' })), [
    migrate(1),
    { op: 'dev.release', device: 'dev0' },
  ]);

const read: Step = { op: 'cpu.read', proc: 'A', page: 0, count: 1 };

const cases: Case[] = [
  {
    name: 'a race thread: the load is retried after the fault',
    input: { world: onDevice(), proc: 'A', page: 0, access: read },
  },
  {
    name: 'a race thread on a system page: just the load',
    input: { world: pages(1), proc: 'A', page: 0, access: read },
  },
  {
    name: 'before the B1 fix: no reference, still migrates',
    input: { world: onDeviceNoRef(), proc: 'A', page: 0 },
  },
  {
    name: 'before the B1 fix: the page was freed meanwhile',
    input: { world: freedUnderFault(), proc: 'A', page: 0 },
    synthetic: true,
    buggy: ['INV-P9'],
  },
  {
    name: 'ERA_B: the pgmap is gone',
    input: { world: pgmapFreed(), proc: 'A', page: 0 },
    synthetic: true,
    buggy: ['INV-P8'],
  },
  { name: 'migrates back', input: { world: onDevice(), proc: 'A', page: 0 } },
  { name: 'a system page: nothing to do', input: { world: pages(1), proc: 'A', page: 0 } },
  { name: 'page locked: retry', input: { world: locked(), proc: 'A', page: 0 }, synthetic: true },
  { name: 'no system page: OOM', input: { world: ramFull(), proc: 'A', page: 0 } },
  { name: 'setup refuses: SIGBUS', input: { world: noVma(), proc: 'A', page: 0 }, synthetic: true },
];

describe('cpuFaultMachine (model-based)', () => {
  test('every state and transition; the fault outcome of each', () => {
    const results: Record<string, string> = {};
    const run = runModel(cpuFaultMachine, cases, valueOnly, (c, o) => {
      const out = o as CpuFaultOutput;
      const pte = getPte(out.world, 'A', 0);
      results[c.name] = `${out.value}${out.signal ? ` ${out.signal}` : ''} ${pte?.kind}`;
    });
    expectFullCoverage(cpuFaultMachine, run);
    expect(results).toEqual({
      'a race thread: the load is retried after the fault': 'done present',
      'a race thread on a system page: just the load': 'done present',
      'before the B1 fix: no reference, still migrates': 'done present',
      'before the B1 fix: the page was freed meanwhile': 'halted devicePrivate',
      'ERA_B: the pgmap is gone': 'halted devicePrivate',
      'migrates back': 'done present',
      'a system page: nothing to do': 'done present',
      'page locked: retry': 'done devicePrivate',
      'no system page: OOM': 'oom SIGBUS devicePrivate',
      'setup refuses: SIGBUS': 'sigbus SIGBUS devicePrivate',
    });
  });
});
