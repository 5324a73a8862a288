/**
 * Model-based test of migrateToDeviceMachine (HMM_DMIRROR_MIGRATE_TO_DEV): one chunk, merged
 * chunks clipped at a VMA end, -EINVAL in the first and in a later chunk, nothing to collect
 * (pages already on this device), shared memory and a full device (-ENOENT at the read-back),
 * coherent memory.
 */
import { describe, expect, test } from 'vitest';
import type { MachineSpec, Step } from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { migrateToDeviceMachine } from '../../src/machines/ops/migrateToDeviceMachine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { MACHINE, after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const migrate = (count: number, page = 0, mirror = 'm'): Step => ({
  op: 'dev.migrate',
  mirror,
  page,
  count,
});
const BIG: MachineSpec = {
  systemPages: 160,
  devices: [{ name: 'dev0', memory: 'private', pages: 160 }],
};
const SMALL: MachineSpec = {
  systemPages: 16,
  devices: [{ name: 'dev0', memory: 'private', pages: 2 }],
};

const cases: Case[] = [
  { name: 'one chunk', input: { world: pages(4), step: migrate(4) } },
  { name: 'three chunks', input: { world: pages(130, 'dev0', BIG), step: migrate(130) } },
  {
    name: 'a VMA ends at 70 (-EINVAL in chunk 2)',
    input: { world: pages(70, 'dev0', BIG), step: migrate(100) },
  },
  { name: 'not open (-EBADF)', input: { world: build([]), step: migrate(1) } },
  { name: 'no VMA (-EINVAL)', input: { world: pages(2), step: migrate(2, 4) } },
  {
    name: 'already on this device: nothing collected',
    input: { world: after(pages(2), [migrate(2)]), step: migrate(2) },
  },
  {
    name: 'shared memory (-ENOENT)',
    input: {
      world: build([
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw', shared: true },
        { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 1 },
        { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' },
      ]),
      step: migrate(2),
    },
  },
  { name: 'device full (-ENOENT)', input: { world: pages(4, 'dev0', SMALL), step: migrate(4) } },
  { name: 'coherent device', input: { world: pages(3, 'coh0', MACHINE), step: migrate(3) } },
];

const serialize = (s: Snap) => {
  const c = s.context;
  return [s.value, c.chunk, c.ret, c.readRet, c.outcome !== null];
};

describe('migrateToDeviceMachine (model-based)', () => {
  test('every state and transition; results as test_hmm returns them', () => {
    const results: Record<string, string> = {};
    const run = runModel(migrateToDeviceMachine, cases, serialize, (c, o) => {
      const r = (o as OpOutput).result;
      results[c.name] = `${r.errno ?? 'ok'} cpages=${r.cpages ?? '-'}`;
    });
    expectFullCoverage(migrateToDeviceMachine, run, [
      // vma_lookup already checks what migrate_vma_setup validates (a VMA around the chunk).
      'migrateVmaCollect -op.step[0]-> failed',
    ]);
    expect(results).toEqual({
      'one chunk': 'ok cpages=4',
      'three chunks': 'ok cpages=130',
      'a VMA ends at 70 (-EINVAL in chunk 2)': 'EINVAL cpages=-',
      'not open (-EBADF)': 'EBADF cpages=-',
      'no VMA (-EINVAL)': 'EINVAL cpages=-',
      'already on this device: nothing collected': 'ok cpages=2',
      'shared memory (-ENOENT)': 'ENOENT cpages=-',
      'device full (-ENOENT)': 'ENOENT cpages=-',
      'coherent device': 'ok cpages=3',
    });
  });
});
