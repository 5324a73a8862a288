/** Model-based test of forkMachine (kernel/fork.c dup_mmap → mm/memory.c copy_page_range). */
import { describe, expect, test } from 'vitest';
import { type Step, getPte } from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { forkMachine } from '../../src/machines/ops/forkMachine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, { type: 'op.step' }>;
const fork = (world = build([{ op: 'spawn', proc: 'A' }]), child = 'B'): OpInput<Step> => ({
  world,
  step: { op: 'fork', proc: 'A', child },
});

describe('forkMachine (model-based)', () => {
  // Three VMAs: device-private pages, a read-only zero-page VMA, and a shared one.
  const mixed = after(pages(4), [
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
    { op: 'mmap', proc: 'A', page: 8, count: 2, prot: 'r' },
    { op: 'cpu.read', proc: 'A', page: 8, count: 1 },
    { op: 'mmap', proc: 'A', page: 12, count: 2, prot: 'rw', shared: true },
    { op: 'cpu.write', proc: 'A', page: 12, count: 2, value: 3 },
  ]);
  const withChild = after(build([{ op: 'spawn', proc: 'A' }]), [{ op: 'spawn', proc: 'B' }]);
  const cases: Case[] = [
    { name: 'forks an empty mm', input: fork() },
    { name: 'forks three VMAs', input: fork(mixed) },
    { name: 'no parent (-ESRCH)', input: fork(build([])) },
    { name: 'child exists (-EEXIST)', input: fork(withChild) },
  ];
  test('every state and transition, with the kernel errors', () => {
    const results: Record<string, string | null> = {};
    const run = runModel(
      forkMachine,
      cases,
      (s: Snap) => [s.value, s.context.vma],
      (c, o) => (results[c.name] = (o as OpOutput).result.errno),
    );
    expectFullCoverage(forkMachine, run);
    expect(results).toEqual({
      'forks an empty mm': null,
      'forks three VMAs': null,
      'no parent (-ESRCH)': 'ESRCH',
      'child exists (-EEXIST)': 'EEXIST',
    });
  });

  test('one copyPageRange phase per VMA; device-private entries end read-only in both', () => {
    const run = runModel(
      forkMachine,
      [cases[1] as Case],
      (s: Snap) => [s.value, s.context.vma],
      (_, o) => {
        const out = o as OpOutput;
        const copies = out.microsteps.filter((m) => m.fn === 'copy_page_range');
        expect(copies).toHaveLength(3);
        for (const p of ['A', 'B']) {
          expect(getPte(out.world, p, 0)).toMatchObject({ kind: 'devicePrivate', write: false });
        }
      },
    );
    expect(run.paths).toBeGreaterThan(0);
  });
});
