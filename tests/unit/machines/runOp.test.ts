/**
 * runOpMachine: the machine each op runs through, the phases a migration steps through one
 * `op.step` at a time, and its speed on a large range.
 */
import { createActor } from 'xstate';
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  createWorld,
  type MachineSpec,
  type Step,
  type World,
} from '../../../src/engine/index';
import { applyStepMachine } from '../../../src/machines/ops/applyStepMachine';
import { devFaultMachine } from '../../../src/machines/ops/devFaultMachine';
import { exclusiveMachine } from '../../../src/machines/ops/exclusiveMachine';
import { gupMachine } from '../../../src/machines/ops/gupMachine';
import { forkMachine } from '../../../src/machines/ops/forkMachine';
import { migrateToDeviceMachine } from '../../../src/machines/ops/migrateToDeviceMachine';
import { releaseMachine } from '../../../src/machines/ops/releaseMachine';
import { machineForOp, runOpMachine } from '../../../src/machines/runOp';

function build(machine: MachineSpec, steps: Step[]): World {
  let w = createWorld(machine);
  steps.forEach((s, i) => (w = applyStep(w, s, i).world));
  return w;
}

const setup = (n: number): Step[] => [
  { op: 'spawn', proc: 'A' },
  { op: 'mmap', proc: 'A', page: 0, count: n, prot: 'rw' },
  { op: 'cpu.write', proc: 'A', page: 0, count: n, value: 7 },
  { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
];

describe('runOpMachine', () => {
  test('picks the op machine', () => {
    expect(machineForOp('dev.read')).toBe(devFaultMachine);
    expect(machineForOp('dev.write')).toBe(devFaultMachine);
    expect(machineForOp('dev.migrate')).toBe(migrateToDeviceMachine);
    expect(machineForOp('dev.release')).toBe(releaseMachine);
    expect(machineForOp('gup.get')).toBe(gupMachine);
    expect(machineForOp('gup.pin')).toBe(gupMachine);
    expect(machineForOp('dev.exclusive')).toBe(exclusiveMachine);
    expect(machineForOp('gup.unpin')).toBe(applyStepMachine);
    expect(machineForOp('mmap')).toBe(applyStepMachine);
    expect(machineForOp('fork')).toBe(forkMachine);
    expect(machineForOp('no.such-op')).toBe(applyStepMachine);
  });

  test('dev.migrate steps through the kernel phases, one op.step each', () => {
    const world = build(
      { systemPages: 8, devices: [{ name: 'd0', memory: 'private', pages: 4 }] },
      setup(2),
    );
    const actor = createActor(migrateToDeviceMachine, {
      input: { world, step: { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 } },
    }).start();
    const seen = [actor.getSnapshot().value];
    while (actor.getSnapshot().status === 'active') {
      actor.send({ type: 'op.step' });
      seen.push(actor.getSnapshot().value);
    }
    expect(seen).toEqual([
      'ioctl',
      'vmaLookup',
      'migrateVmaCollect',
      'migrateVmaUnmap',
      'dmirrorMigrateAllocAndCopy',
      'migrateVmaPages',
      'dmirrorMigrateFinalizeAndMap',
      'migrateVmaFinalize',
      'bounceRead',
      'done',
    ]);
    expect(actor.getSnapshot().output?.result).toMatchObject({ ret: 0, cpages: 2, data: [7, 7] });
  });

  test('a 4,096-page dev.migrate (64 chunks) takes well under a second', () => {
    const n = 4096;
    const world = build(
      { systemPages: n + 8, devices: [{ name: 'd0', memory: 'private', pages: n + 8 }] },
      setup(n),
    );
    const step: Step = { op: 'dev.migrate', mirror: 'm', page: 0, count: n };
    runOpMachine(world, step); // warm up
    const t0 = performance.now();
    const r = runOpMachine(world, step);
    const ms = performance.now() - t0;
    expect(r.result).toMatchObject({ ret: 0, cpages: n });
    expect(r.microsteps.length).toBe(applyStep(world, step).microsteps.length);
    expect(ms).toBeLessThan(1000);
  });
});
