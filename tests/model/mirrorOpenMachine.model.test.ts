/** Model-based test of mirrorOpenMachine (lib/test_hmm.c dmirror_fops_open). */
import { describe, expect, test } from 'vitest';
import type { Step } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { mirrorOpenMachine } from '../../src/machines/ops/mirrorOpenMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;
const errno = (o: unknown) => (o as OpOutput).result.errno;

describe('mirrorOpenMachine (model-based)', () => {
  const spawned = build([{ op: 'spawn', proc: 'A' }]);
  const open = (world = spawned, device = 'dev0', as = 'm'): OpInput<Step> => ({
    world,
    step: { op: 'mirror.open', proc: 'A', device, as },
  });
  const cases: Case[] = [
    { name: 'opens', input: open() },
    { name: 'no process (-ESRCH)', input: open(build([])) },
    { name: 'no such device (-ENOENT)', input: open(spawned, 'dev9') },
    { name: 'name in use (-EEXIST)', input: open(after(spawned, [open().step])) },
  ];
  test('every state and transition, with the kernel errors', () => {
    const results: Record<string, string | null> = {};
    const run = runModel(
      mirrorOpenMachine,
      cases,
      valueOnly,
      (c, o) => (results[c.name] = errno(o)),
    );
    expectFullCoverage(mirrorOpenMachine, run);
    expect(results).toEqual({
      opens: null,
      'no process (-ESRCH)': 'ESRCH',
      'no such device (-ENOENT)': 'ENOENT',
      'name in use (-EEXIST)': 'EEXIST',
    });
  });
});
