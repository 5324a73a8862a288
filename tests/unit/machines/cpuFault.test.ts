/**
 * cpuFaultMachine against the engine's doSwapPage() phase: same outcome, world, micro-steps and
 * violations, for every branch; and against a CPU read of the page through applyStep().
 */
import { createActor } from 'xstate';
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  createWorld,
  doSwapPage,
  type MachineSpec,
  type MicroStep,
  type Step,
  type World,
} from '../../../src/engine/index';
import { type CpuFaultOutput, cpuFaultMachine } from '../../../src/machines/ops/cpuFaultMachine';

function runFault(world: World, proc: string, page: number): CpuFaultOutput {
  const actor = createActor(cpuFaultMachine, { input: { world, proc, page } }).start();
  while (actor.getSnapshot().status === 'active') actor.send({ type: 'op.step' });
  const out = actor.getSnapshot().output;
  if (out === undefined) throw new Error('no output');
  return out;
}

function build(machine: MachineSpec, steps: Step[]): World {
  let w = createWorld(machine);
  steps.forEach((s, i) => (w = applyStep(w, s, i).world));
  return w;
}

const shape = (m: MicroStep) => ({ ...m, world: undefined });
const M: MachineSpec = {
  systemPages: 8,
  devices: [
    { name: 'd0', memory: 'private', pages: 4 },
    { name: 'c0', memory: 'coherent', pages: 4 },
  ],
};
const base: Step[] = [
  { op: 'spawn', proc: 'A' },
  { op: 'mmap', proc: 'A', page: 0, count: 3, prot: 'rw' },
  { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [7, 8] },
  { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
  { op: 'mirror.open', proc: 'A', device: 'c0', as: 'c' },
];

const worlds: Record<string, World> = {
  'device-private page': build(M, [...base, { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 }]),
  'read-only device-private page': build(M, [
    ...base,
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
    { op: 'mprotect', proc: 'A', page: 0, count: 3, prot: 'r' },
  ]),
  'mirror closed since': build(M, [
    ...base,
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
    { op: 'mirror.close', mirror: 'm' },
  ]),
  'coherent page (present)': build(M, [
    ...base,
    { op: 'dev.migrate', mirror: 'c', page: 0, count: 2 },
  ]),
  'system page': build(M, base),
  'no entry': build(M, base),
  'no system RAM left': build({ ...M, systemPages: 2 }, [
    ...base,
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
    { op: 'cpu.write', proc: 'A', page: 2, count: 1, value: 1 },
    { op: 'mmap', proc: 'A', page: 3, count: 1, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 3, count: 1, value: 1 },
  ]),
};

describe('cpuFaultMachine ⇄ engine doSwapPage()', () => {
  test.each(Object.entries(worlds))('%s', (_, world) => {
    for (const page of [0, 2]) {
      const a = doSwapPage(world, 'A', page);
      const b = runFault(world, 'A', page);
      expect(b.value).toBe(a.value);
      expect(b.violations).toEqual(a.violations);
      expect(b.microsteps.map(shape)).toEqual(a.microsteps.map(shape));
      expect(JSON.stringify(b.world)).toBe(JSON.stringify(a.world));
      expect(b.signal).toBe(a.value === 'done' ? undefined : 'SIGBUS');
    }
  });

  test('the machine does what a CPU read of the page does before the load', () => {
    const world = worlds['device-private page'] as World;
    const fault = runFault(world, 'A', 1);
    const read = applyStep(world, { op: 'cpu.read', proc: 'A', page: 1, count: 1 });
    expect(read.result.data).toEqual([8]);
    // The read's micro-steps are the fault's, then the load itself.
    expect(read.microsteps.slice(0, -1).map(shape)).toEqual(fault.microsteps.map(shape));
    expect(JSON.stringify(read.world)).toBe(JSON.stringify(fault.world));
  });
});
