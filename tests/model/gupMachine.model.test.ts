/** Model-based test of gupMachine (gup.get / gup.pin, FOLL_LONGTERM's migrate-then-pin loop). */
import { describe, expect, test } from 'vitest';
import { getFrame, getGup, type Step } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { gupMachine } from '../../src/machines/ops/gupMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;

describe('gupMachine (model-based)', () => {
  const sys = pages(4);
  const coherent = after(pages(4, 'coh0'), [{ op: 'dev.migrate', mirror: 'm', page: 0, count: 4 }]);
  const pinnedElsewhere = after(coherent, [
    { op: 'gup.pin', proc: 'A', page: 0, count: 1, as: 'short' },
  ]);
  const longterm = (as: string): Step => ({
    op: 'gup.pin',
    proc: 'A',
    page: 0,
    count: 4,
    write: true,
    longterm: true,
    as,
  });
  const cases: Case[] = [
    {
      name: 'get',
      input: { world: sys, step: { op: 'gup.get', proc: 'A', page: 0, count: 4, as: 'g' } },
    },
    { name: 'no process (-ESRCH)', input: { world: build([]), step: longterm('p') } },
    {
      name: 'no VMA (-EFAULT)',
      input: { world: sys, step: { op: 'gup.pin', proc: 'A', page: 2, count: 4, as: 'p' } },
    },
    { name: 'long-term pin of system pages', input: { world: sys, step: longterm('p') } },
    { name: 'long-term pin of coherent pages', input: { world: coherent, step: longterm('p') } },
    {
      name: 'coherent page pinned elsewhere (-EBUSY)',
      input: { world: pinnedElsewhere, step: longterm('p') },
    },
  ];
  test('every state and transition; pins end in system memory', () => {
    const out: Record<string, OpOutput> = {};
    const run = runModel(
      gupMachine,
      cases,
      (s) => [s.value, s.context.passes],
      (c, o) => (out[c.name] = o as OpOutput),
    );
    expectFullCoverage(gupMachine, run);
    expect(out['get']?.result.ret).toBe(0);
    expect(out['no process (-ESRCH)']?.result.errno).toBe('ESRCH');
    expect(out['no VMA (-EFAULT)']?.result.errno).toBe('EFAULT');
    expect(out['coherent page pinned elsewhere (-EBUSY)']?.result.errno).toBe('EBUSY');
    // FOLL_LONGTERM: every pinned page is a system page with one pin on top of its mapping.
    const w = out['long-term pin of coherent pages']?.world;
    const h = w === undefined ? undefined : getGup(w, 'p');
    expect(h?.frames).toHaveLength(4);
    for (const frame of h?.frames ?? []) {
      const f = getFrame(w!, frame);
      expect(f).toMatchObject({ zone: 'normal', refcount: 2, mapcount: 1, pincount: 1 });
    }
  });
});
