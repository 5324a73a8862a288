/**
 * Model-based test of migrateToSystemMachine (HMM_DMIRROR_MIGRATE_TO_SYS): one chunk, merged
 * chunks, -EINVAL in the first and in a later chunk, nothing of this device's to collect, no
 * free system page (the page stays on the device, uncounted), coherent memory.
 */
import { describe, expect, test } from 'vitest';
import type { MachineSpec, Step } from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { migrateToSystemMachine } from '../../src/machines/ops/migrateToSystemMachine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { MACHINE, after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const migrate = (count: number, page = 0): Step => ({
  op: 'dev.migrate',
  mirror: 'm',
  page,
  count,
});
const back = (count: number, page = 0): Step => ({
  op: 'dev.migrate-back',
  mirror: 'm',
  page,
  count,
});
const BIG: MachineSpec = {
  systemPages: 160,
  devices: [{ name: 'dev0', memory: 'private', pages: 160 }],
};
/** One system page: once page 0 has moved to the device and page 1 is written, RAM is full. */
const TINY: MachineSpec = {
  systemPages: 1,
  devices: [{ name: 'dev0', memory: 'private', pages: 4 }],
};

const cases: Case[] = [
  { name: 'one chunk', input: { world: after(pages(4), [migrate(4)]), step: back(4) } },
  {
    name: 'three chunks',
    input: { world: after(pages(130, 'dev0', BIG), [migrate(130)]), step: back(130) },
  },
  {
    name: 'a VMA ends at 70 (-EINVAL in chunk 2)',
    input: { world: after(pages(70, 'dev0', BIG), [migrate(70)]), step: back(100) },
  },
  { name: 'not open (-EBADF)', input: { world: build([]), step: back(1) } },
  { name: 'no VMA (-EINVAL)', input: { world: pages(2), step: back(2, 4) } },
  { name: 'system pages only: nothing collected', input: { world: pages(2), step: back(2) } },
  {
    name: 'no free system page',
    input: {
      world: build(
        [
          { op: 'spawn', proc: 'A' },
          { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
          { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 5 },
          { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' },
          { op: 'dev.migrate', mirror: 'm', page: 0, count: 1 },
          { op: 'cpu.write', proc: 'A', page: 1, count: 1, value: 6 },
        ],
        TINY,
      ),
      step: back(1),
    },
  },
  {
    name: 'coherent device',
    input: { world: after(pages(3, 'coh0', MACHINE), [migrate(3)]), step: back(3) },
  },
];

const serialize = (s: Snap) => {
  const c = s.context;
  return [s.value, c.chunk, c.ret, c.outcome !== null];
};

describe('migrateToSystemMachine (model-based)', () => {
  test('every state and transition; cpages counts the pages that really moved', () => {
    const results: Record<string, string> = {};
    const run = runModel(migrateToSystemMachine, cases, serialize, (c, o) => {
      const r = (o as OpOutput).result;
      results[c.name] = `${r.errno ?? 'ok'} cpages=${r.cpages ?? '-'}`;
    });
    expectFullCoverage(migrateToSystemMachine, run, [
      // vma_lookup already checks what migrate_vma_setup validates (a VMA around the chunk).
      'migrateVmaCollect -op.step[0]-> failed',
    ]);
    expect(results).toEqual({
      'one chunk': 'ok cpages=4',
      'three chunks': 'ok cpages=130',
      'a VMA ends at 70 (-EINVAL in chunk 2)': 'EINVAL cpages=-',
      'not open (-EBADF)': 'EBADF cpages=-',
      'no VMA (-EINVAL)': 'EINVAL cpages=-',
      'system pages only: nothing collected': 'ok cpages=0',
      'no free system page': 'ok cpages=0',
      'coherent device': 'ok cpages=3',
    });
  });
});
