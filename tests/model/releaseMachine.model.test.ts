/**
 * Model-based test of releaseMachine (HMM_DMIRROR_RELEASE → dmirror_device_remove_chunks):
 * eviction with few pages and with merged micro-steps, no such device, no chunk, not enough RAM,
 * and a page someone else still holds, so memunmap_pages() would hang (B5).
 */
import { describe, expect, test } from 'vitest';
import {
  PVecEditor,
  getFrame,
  getPte,
  kernelConfig,
  type MachineSpec,
  type Step,
  type World,
} from '../../src/engine/index';
import type { OpEvent, OpInput, OpOutput } from '../../src/machines/opTypes';
import { releaseMachine } from '../../src/machines/ops/releaseMachine';
import { type ModelCase, expectFullCoverage, runModel } from './opModel';
import { after, build, pages, valueOnly } from './worlds';

type Case = ModelCase<OpInput<Step>, OpEvent>;

const release: Step = { op: 'dev.release', device: 'dev0' };
const migrate = (count: number): Step => ({ op: 'dev.migrate', mirror: 'm', page: 0, count });
const TIGHT: MachineSpec = {
  systemPages: 3,
  devices: [{ name: 'dev0', memory: 'private', pages: 4 }],
};

/** Page 0 is on the device and something else holds two more references to it. */
function heldPage(): World {
  const w = after(pages(1), [migrate(1)]);
  const frame = getPte(w, 'A', 0)?.frame;
  if (frame === undefined) throw new Error('no PTE');
  const f = getFrame(w, frame);
  const ed = new PVecEditor(w.frames);
  ed.set(frame, { ...f, refcount: f.refcount + 2 });
  return { ...w, frames: ed.seal() };
}

const NO_EVICT = kernelConfig({ fixes: { FIX_EVICT_ON_RELEASE: false } });
const ERA_B = kernelConfig({ era: 'ERA_B_NOBIAS_BROKEN' });

const cases: Case[] = [
  { name: 'two pages, each shown', input: { world: after(pages(2), [migrate(2)]), step: release } },
  { name: 'five pages, merged', input: { world: after(pages(5), [migrate(5)]), step: release } },
  {
    name: 'no such device (-ENOENT)',
    input: { world: build([]), step: { op: 'dev.release', device: 'x' } },
  },
  {
    name: 'no chunk any more',
    input: { world: after(pages(2), [migrate(2), release]), step: release },
  },
  {
    name: 'not enough RAM (-ENOMEM)',
    input: {
      world: after(pages(3, 'dev0', TIGHT), [
        migrate(3),
        { op: 'mmap', proc: 'A', page: 3, count: 3, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 3, count: 3, value: 1 },
      ]),
      step: release,
    },
  },
  {
    name: 'no eviction (ERA_C without FIX_EVICT_ON_RELEASE): hang',
    input: {
      world: after(pages(1, 'dev0', undefined, NO_EVICT), [migrate(1)]),
      step: release,
    },
    buggy: ['INV-P7'],
  },
  {
    name: 'no eviction in ERA_B: memunmap_pages returns early',
    input: {
      world: after(pages(1, 'dev0', undefined, ERA_B), [migrate(1)]),
      step: release,
    },
    buggy: ['INV-P7'],
  },
  {
    name: 'a held page: memunmap_pages hangs',
    input: { world: heldPage(), step: release },
    synthetic: true,
  },
];

describe('releaseMachine (model-based)', () => {
  test('every state and transition; what each branch returns', () => {
    const results: Record<string, string> = {};
    const run = runModel(releaseMachine, cases, valueOnly, (c, o) => {
      const out = o as OpOutput;
      const d = out.world.devices.dev0;
      results[c.name] =
        `${out.result.errno ?? 'ok'} pgmap=${d?.pgmap === null ? 'gone' : 'live'} used=${d?.nrAllocated}` +
        (out.result.outcome ? ` ${out.result.outcome.kind}` : '');
    });
    expectFullCoverage(releaseMachine, run);
    expect(results).toEqual({
      'two pages, each shown': 'ok pgmap=gone used=0',
      'five pages, merged': 'ok pgmap=gone used=0',
      'no such device (-ENOENT)': 'ENOENT pgmap=live used=0',
      'no chunk any more': 'ok pgmap=gone used=0',
      'not enough RAM (-ENOMEM)': 'ENOMEM pgmap=live used=3',
      'no eviction (ERA_C without FIX_EVICT_ON_RELEASE): hang': 'ok pgmap=live used=1 hang',
      'no eviction in ERA_B: memunmap_pages returns early': 'ok pgmap=gone used=1',
      'a held page: memunmap_pages hangs': 'EBUSY pgmap=live used=1',
    });
  });
});
