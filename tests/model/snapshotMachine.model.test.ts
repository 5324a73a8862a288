/** Model-based test of snapshotMachine (HMM_DMIRROR_SNAPSHOT). */
import { describe, expect, test } from 'vitest';
import type { Step } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { snapshotMachine } from '../../src/machines/ops/snapshotMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, pages, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;

describe('snapshotMachine (model-based)', () => {
  const snap: Step = { op: 'dev.snapshot', mirror: 'm', page: 0, count: 6 };
  const world = after(pages(4), [
    { op: 'dev.migrate', mirror: 'm', page: 2, count: 2 },
    { op: 'mmap', proc: 'A', page: 4, count: 1, prot: 'r' },
    { op: 'cpu.read', proc: 'A', page: 4, count: 1 },
  ]);
  const cases: Case[] = [
    { name: 'snapshot', input: { world, step: snap } },
    { name: 'not open (-EBADF)', input: { world: build([]), step: snap } },
  ];
  test('every state and transition; the protection bytes of each kind of entry', () => {
    const prot: Record<string, readonly number[] | undefined> = {};
    const run = runModel(snapshotMachine, cases, valueOnly, (c, o) => {
      prot[c.name] = (o as OpOutput).result.prot;
      // A snapshot changes nothing.
      if (c.name === 'snapshot') expect((o as OpOutput).world).toBe(world);
    });
    expectFullCoverage(snapshotMachine, run);
    // sys page rw, rw, device-private local rw ×2, zero page read-only, no VMA.
    expect(prot).toEqual({
      snapshot: [0x02, 0x02, 0x22, 0x22, 0x11, 0xff],
      'not open (-EBADF)': undefined,
    });
  });
});
