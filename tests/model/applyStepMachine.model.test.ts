/**
 * Model-based test of applyStepMachine, the one-phase machine for spawn, mmap, munmap, mprotect,
 * exit, whole cpu.read/cpu.write ranges and unsupported ops: every op through its one state,
 * with the same output as applyStep().
 */
import { describe, expect, test } from 'vitest';
import { applyStep, type Step } from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { applyStepMachine } from '../../src/machines/ops/applyStepMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { pages, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const world = pages(2);
const steps: Step[] = [
  { op: 'spawn', proc: 'B' },
  { op: 'mmap', proc: 'A', page: 4, count: 2, prot: 'r' },
  { op: 'munmap', proc: 'A', page: 1, count: 1 },
  { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'r' },
  { op: 'cpu.read', proc: 'A', page: 0, count: 2 },
  { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 3 },
  { op: 'cpu.write', proc: 'A', page: 5, count: 1, value: 3 },
  { op: 'exit', proc: 'A' },
  { op: 'no.such-op', proc: 'A' },
];
const cases: Case[] = steps.map((step, i) => ({
  name: step.op,
  input: { world, step, index: i },
}));

describe('applyStepMachine (model-based)', () => {
  test('every op through the one phase, as applyStep() runs it', () => {
    const run = runModel(applyStepMachine, cases, valueOnly, (c, o) => {
      expect(o as OpOutput).toEqual(applyStep(world, c.input.step, c.input.index));
    });
    expectFullCoverage(applyStepMachine, run);
  });
});
