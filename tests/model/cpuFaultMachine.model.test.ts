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

const cases: Case[] = [
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
      'migrates back': 'done present',
      'a system page: nothing to do': 'done present',
      'page locked: retry': 'done devicePrivate',
      'no system page: OOM': 'oom SIGBUS devicePrivate',
      'setup refuses: SIGBUS': 'sigbus SIGBUS devicePrivate',
    });
  });
});
