/** Model-based test of exclusiveMachine (HMM_DMIRROR_EXCLUSIVE). */
import { describe, expect, test } from 'vitest';
import { getPte, type Step } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { exclusiveMachine } from '../../src/machines/ops/exclusiveMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, pages, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;

describe('exclusiveMachine (model-based)', () => {
  const ex = (count: number): Step => ({ op: 'dev.exclusive', mirror: 'm', page: 0, count });
  // Page 0 lives in the mirror's own device memory: GUP faults it back first.
  const world = after(pages(4), [{ op: 'dev.migrate', mirror: 'm', page: 0, count: 1 }]);
  const cases: Case[] = [
    { name: 'exclusive', input: { world, step: ex(4) } },
    { name: 'not open (-EBADF)', input: { world: build([]), step: ex(1) } },
    { name: 'past the VMA (-EFAULT)', input: { world, step: ex(6) } },
  ];
  test('every state and transition; the pages become device-exclusive', () => {
    const out: Record<string, OpOutput> = {};
    const run = runModel(exclusiveMachine, cases, valueOnly, (c, o) => {
      out[c.name] = o as OpOutput;
    });
    // dmirror_do_read cannot fail after every page got its ATOMIC entry.
    expectFullCoverage(exclusiveMachine, run, ['dmirrorDoRead -op.step[0]-> failed']);
    expect(out['exclusive']?.result).toMatchObject({ ret: 0, cpages: 4, data: [10, 11, 12, 13] });
    const w = out['exclusive']!.world;
    for (let p = 0; p < 4; p++) expect(getPte(w, 'A', p)?.kind).toBe('deviceExclusive');
    expect(out['not open (-EBADF)']?.result.errno).toBe('EBADF');
    expect(out['past the VMA (-EFAULT)']?.result.errno).toBe('EFAULT');
  });
});
