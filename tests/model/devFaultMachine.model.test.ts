/**
 * Model-based test of devFaultMachine (HMM_DMIRROR_READ / _WRITE → dmirror_fault →
 * dmirror_range_fault): every state and transition — the copy, the windows, hmm_range_fault's
 * -EBUSY restart and its errors, a stale read_retry, dmirror_do_fault's -EFAULT, the retry and
 * pass budgets, and a process whose mm is gone. Stale results need another CPU thread between
 * two phases: the `op.concurrent` event runs an mprotect() that changes nothing but fires the
 * mmu notifier (MMU_NOTIFY_PROTECTION_VMA), exactly the race read_begin/read_retry guard against.
 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  getMirror,
  getProc,
  pvecForEach,
  type EngineConfig,
  type Step,
  type World,
} from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { devFaultMachine } from '../../src/machines/ops/devFaultMachine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { MACHINE, after, build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const read = (count: number, page = 0): Step => ({ op: 'dev.read', mirror: 'm', page, count });
const write = (count: number, page = 0): Step => ({
  op: 'dev.write',
  mirror: 'm',
  page,
  count,
  value: 77,
});
const budget = (n: number): EngineConfig => ({ ...DEFAULT_CONFIG, rangeFaultRetryBudget: n });
const BIG = { ...MACHINE, systemPages: 160 };

/** Page 0 maps the shared zero page (read before any write): a write fault means CoW. */
function zeroPage(config: EngineConfig = DEFAULT_CONFIG): World {
  return after(pages(2, 'dev0', MACHINE, config), [
    { op: 'munmap', proc: 'A', page: 0, count: 1 },
    { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'rw' },
    { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
  ]);
}

/** A process whose mm is gone while its mirror's file is still open (mmget_not_zero fails). */
function deadProcess(): World {
  const w = pages(1);
  const a = getProc(w, 'A');
  if (a === undefined) throw new Error('no A');
  return { ...w, procs: { ...w.procs, A: { ...a, alive: false } } };
}

/** op.step, and up to two concurrent invalidations of page 0 by another thread. */
const racing = (s: Snap): OpEvent[] => [
  { type: 'op.step' },
  ...((s.context.concurrent as number) < 2
    ? [
        {
          type: 'op.concurrent' as const,
          step: { op: 'mprotect', proc: 'A', page: 0, count: 1, prot: 'rw' } as Step,
        },
      ]
    : []),
];

const cases: Case[] = [
  { name: 'mapped already: no fault', input: { world: after(pages(2), [read(2)]), step: read(2) } },
  { name: 'read faults once', input: { world: pages(4), step: read(4) } },
  { name: 'three windows', input: { world: pages(130, 'dev0', BIG), step: read(130) } },
  { name: 'not open (-EBADF)', input: { world: build([]), step: read(1) } },
  { name: 'a hole (-EFAULT)', input: { world: pages(2), step: read(4) } },
  {
    name: 'write to the zero page: CoW, -EBUSY, restart',
    input: { world: zeroPage(), step: write(1) },
  },
  {
    name: 'the same with a retry budget of 1 (-EBUSY)',
    input: {
      world: zeroPage(budget(1)),
      step: write(1),
    },
  },
  {
    name: 'write to its own read-only device page (-EFAULT from dmirror_do_fault)',
    input: {
      world: after(pages(2), [
        { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
        { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'r' },
        { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'rw' },
      ]),
      step: write(2),
    },
  },
  {
    name: 'the mm is gone: empty faults until the pass budget (-EBUSY)',
    input: { world: deadProcess(), step: read(1) },
    synthetic: true,
  },
  { name: 'another thread invalidates', input: { world: pages(1), step: read(1) }, events: racing },
  {
    name: 'another thread invalidates, retry budget of 1',
    input: { world: pages(1, 'dev0', MACHINE, budget(1)), step: read(1) },
    events: racing,
  },
];

/**
 * The state, what its guards read (returns, flags, loop counters), and the mirror's sequence
 * number and number of device entries: small numbers, but enough to tell a racing invalidation
 * that erased the entry just mapped from one that came earlier.
 */
const serialize = (s: Snap) => {
  const c = s.context;
  const m = getMirror(c.world, 'm');
  let entries = 0;
  if (m !== undefined) pvecForEach(m.pt, 0, Infinity, () => entries++);
  return [
    s.value,
    c.outcome !== null,
    c.copyRet,
    c.mmgetFailed,
    c.ret,
    c.stale,
    c.pass,
    c.window,
    c.round,
    c.faults,
    c.concurrent,
    m?.seq,
    entries,
  ];
};

describe('devFaultMachine (model-based)', () => {
  test('every state and transition; results match the selftests', () => {
    const results = new Map<string, Set<string>>();
    const run = runModel(devFaultMachine, cases, serialize, (c, o) => {
      const r = (o as OpOutput).result;
      const s = results.get(c.name) ?? new Set<string>();
      s.add(`${r.errno ?? 'ok'} faults=${r.faults ?? '-'}`);
      results.set(c.name, s);
    });
    expectFullCoverage(devFaultMachine, run);
    const only = (name: string) => [...(results.get(name) ?? [])];
    expect(only('mapped already: no fault')).toEqual(['ok faults=0']);
    expect(only('read faults once')).toEqual(['ok faults=1']);
    expect(only('three windows')).toEqual(['ok faults=1']);
    expect(only('not open (-EBADF)')).toEqual(['EBADF faults=-']);
    expect(only('a hole (-EFAULT)')).toEqual(['EFAULT faults=-']);
    expect(only('write to the zero page: CoW, -EBUSY, restart')).toEqual(['ok faults=1']);
    expect(only('the same with a retry budget of 1 (-EBUSY)')).toEqual(['EBUSY faults=-']);
    expect(only('write to its own read-only device page (-EFAULT from dmirror_do_fault)')).toEqual([
      'EFAULT faults=-',
    ]);
    expect(only('the mm is gone: empty faults until the pass budget (-EBUSY)')).toEqual([
      'EBUSY faults=-',
    ]);
    // Racing invalidations: the read still succeeds, after one or two more fault passes, or
    // runs out of passes (count + 2 = 3 for one page).
    expect(only('another thread invalidates')).toEqual(
      expect.arrayContaining(['ok faults=1', 'ok faults=2', 'EBUSY faults=-']),
    );
    expect(only('another thread invalidates, retry budget of 1')).toContain('EBUSY faults=-');
    expect(run.paths).toBeGreaterThan(cases.length);
  });
});
