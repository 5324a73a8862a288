/**
 * Model-based tests of the 2015 API's op machines (seed 000's dummy driver):
 * dummyAccessMachine (HMM_DUMMY_READ / WRITE: walk → access_stop → hmm_mirror_fault → walk) and
 * dummyMigrateMachine (HMM_DUMMY_MIGRATE_TO: bitmap → HMM selects → copy_to_device → HMM frees →
 * the driver frees the unused reservations; a full bitmap crashes, B13).
 */
import { describe, expect, test } from 'vitest';
import { type MachineSpec, type Step, type World, createWorld } from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { dummyAccessMachine } from '../../src/machines/ops/dummyAccessMachine';
import { dummyMigrateMachine } from '../../src/machines/ops/dummyMigrateMachine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { after } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const machine = (pages: number): MachineSpec => ({
  systemPages: 8,
  devices: [{ name: 'd0', memory: 'private', pages }],
  kernel: { api: '2015' },
});

/** Process A with pages 0–1 read-write (written) and page 2 read-only, exposed as mirror m. */
function world2015(fake = 4): World {
  return after(createWorld(machine(fake)), [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
    { op: 'mmap', proc: 'A', page: 2, count: 1, prot: 'r' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [10, 11] },
    { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
  ]);
}

const value = (s: Snap) => [s.value, (s.context as unknown as { rounds?: number }).rounds ?? 0];
const result = (o: unknown) => (o as OpOutput).result;

describe('dummyAccessMachine (model-based)', () => {
  const w = world2015();
  const faulted = after(w, [{ op: 'dev.read', mirror: 'm', page: 0, count: 2 }]);
  const cases: Case[] = [
    {
      name: 'read, faults first',
      input: { world: w, step: { op: 'dev.read', mirror: 'm', page: 0, count: 2 } },
    },
    {
      name: 'read, mirrored',
      input: { world: faulted, step: { op: 'dev.read', mirror: 'm', page: 0, count: 2 } },
    },
    {
      name: 'write to a read-only VMA',
      input: { world: w, step: { op: 'dev.write', mirror: 'm', page: 1, count: 2, value: 3 } },
    },
    {
      name: 'not open',
      input: { world: w, step: { op: 'dev.read', mirror: 'x', page: 0, count: 1 } },
    },
  ];
  test('every state and transition; counters and errors', () => {
    const seen = new Set<string>();
    const run = runModel(dummyAccessMachine, cases, value, (c, o) => {
      const r = result(o);
      seen.add(`${c.name}: ${r.errno ?? 'ok'} ${JSON.stringify(r.dummy ?? null)}`);
    });
    // -EBUSY after MAX_ROUNDS guards against an engine bug: no world reaches it.
    expectFullCoverage(dummyAccessMachine, run, ['dummyAccess -op.step[2]-> failed']);
    expect([...seen].sort()).toEqual([
      'not open: EBADF null',
      'read, faults first: ok {"nsys_pages":2,"nfaulted_sys_pages":2,"ndev_pages":0,"nfaulted_dev_pages":0}',
      'read, mirrored: ok {"nsys_pages":2,"nfaulted_sys_pages":0,"ndev_pages":0,"nfaulted_dev_pages":0}',
      'write to a read-only VMA: EFAULT {"nsys_pages":0,"nfaulted_sys_pages":1,"ndev_pages":0,"nfaulted_dev_pages":0}',
    ]);
  });
});

describe('dummyMigrateMachine (model-based)', () => {
  const w = world2015();
  const migrate = (count: number): Step => ({ op: 'dev.migrate', mirror: 'm', page: 0, count });
  const cases: Case[] = [
    { name: 'two pages', input: { world: w, step: migrate(2) } },
    { name: 'one already moved', input: { world: after(w, [migrate(1)]), step: migrate(2) } },
    { name: 'full bitmap', input: { world: world2015(1), step: migrate(2) }, buggy: ['INV-D1'] },
    { name: 'not open', input: { world: w, step: { ...migrate(1), mirror: 'x' } } },
  ];
  test('every state and transition; -EINVAL, the crash of B13', () => {
    const seen = new Set<string>();
    const run = runModel(dummyMigrateMachine, cases, value, (c, o) => {
      const r = result(o);
      seen.add(
        `${c.name}: ${r.errno ?? 'ok'} ${r.dummy?.nfaulted_dev_pages ?? '-'} ${r.outcome?.kind ?? ''}`,
      );
    });
    expectFullCoverage(dummyMigrateMachine, run);
    expect([...seen].sort()).toEqual([
      'full bitmap: ok - crash',
      'not open: EBADF - ',
      'one already moved: EINVAL 0 ',
      'two pages: ok 2 ',
    ]);
  });
});
