/** Model-based test of mirrorCloseMachine (lib/test_hmm.c dmirror_fops_release). */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, type Step } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { mirrorCloseMachine } from '../../src/machines/ops/mirrorCloseMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { MACHINE, after, build, pages, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;
const errno = (o: unknown) => (o as OpOutput).result.errno;

describe('mirrorCloseMachine (model-based)', () => {
  const close: Step = { op: 'mirror.close', mirror: 'm' };
  const migrated = (config = DEFAULT_CONFIG) =>
    after(pages(4, 'dev0', MACHINE, config), [
      { op: 'dev.migrate', mirror: 'm', page: 0, count: 4 },
    ]);
  const cases: Case[] = [
    { name: 'closes', input: { world: migrated(), step: close } },
    { name: 'not open (-EBADF)', input: { world: build([]), step: close } },
    {
      name: 'closes and evicts the device (linux-mm)',
      input: {
        world: migrated({ ...DEFAULT_CONFIG, closeEvictsDeviceMemory: true }),
        step: close,
      },
    },
  ];
  test('every state and transition', () => {
    const used: Record<string, number | undefined> = {};
    const run = runModel(mirrorCloseMachine, cases, valueOnly, (c, o) => {
      used[c.name] = (o as OpOutput).world.devices.dev0?.nrAllocated;
      expect(errno(o)).toBe(c.name.includes('EBADF') ? 'EBADF' : null);
    });
    expectFullCoverage(mirrorCloseMachine, run);
    // Closing leaves the pages on the device; the linux-mm driver evicts them.
    expect(used).toEqual({
      closes: 4,
      'not open (-EBADF)': 0,
      'closes and evicts the device (linux-mm)': 0,
    });
  });
});
