/**
 * Model-based test of snapshot2018Machine (dev.snapshot on the 2018 API: hmm_vma_get_pfns →
 * lock + hmm_vma_range_done → decode). Another thread's invalidation is modelled as an
 * `op.world` event that hands the machine a world whose mirror sequence moved, between
 * get_pfns and range_done: the range is invalid and the driver starts again — until the
 * retry budget runs out (-EBUSY).
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, kernelConfig, type Step, type World } from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { snapshot2018Machine } from '../../src/machines/ops/snapshot2018Machine';
import { type ModelCase, type Snap, expectFullCoverage, runModel } from './opModel';
import { build, pages } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const API_2018 = kernelConfig({ api: '2018' }, { ...DEFAULT_CONFIG, rangeFaultRetryBudget: 2 });
const snap: Step = { op: 'dev.snapshot', mirror: 'm', page: 0, count: 2 };

/** The same world after another thread invalidated mirror m (its sequence moved). */
function invalidated(w: World): World {
  const m = w.mirrors.m;
  if (m === undefined) throw new Error('no mirror m');
  return { ...w, mirrors: { ...w.mirrors, m: { ...m, seq: m.seq + 1 } } };
}

/** op.step, and — right after each hmm_vma_get_pfns — an invalidation by another thread. */
const racing = (s: Snap): OpEvent[] => [
  { type: 'op.step' },
  ...(s.value === 'hmmVmaGetPfns' && (s.context.world as World).mirrors.m?.seq === s.context.seq
    ? [{ type: 'op.world' as const, world: invalidated(s.context.world as World) }]
    : []),
];

const value = (s: Snap) => [s.value, s.context.rounds, (s.context.world as World).mirrors.m?.seq];

describe('snapshot2018Machine (model-based)', () => {
  const world = pages(2, 'dev0', undefined, API_2018);
  const cases: Case[] = [
    { name: 'alone', input: { world, step: snap } },
    { name: 'invalidated in flight', input: { world, step: snap }, events: racing },
    { name: 'not open (-EBADF)', input: { world: build([], undefined, API_2018), step: snap } },
  ];
  test('every state and transition; retry on an invalid range, -EBUSY past the budget', () => {
    const results = new Set<string>();
    const run = runModel(snapshot2018Machine, cases, value, (c, o) => {
      const r = (o as OpOutput).result;
      results.add(`${c.name}: ${r.errno ?? 'ok'} ${JSON.stringify(r.prot ?? null)}`);
    });
    expectFullCoverage(snapshot2018Machine, run);
    expect([...results].sort()).toEqual([
      'alone: ok [2,2]',
      'invalidated in flight: EBUSY null',
      'invalidated in flight: ok [2,2]',
      'not open (-EBADF): EBADF null',
    ]);
  });
});
