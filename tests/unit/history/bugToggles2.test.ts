/**
 * The last two bug toggles that touch the model (domain.md §4): B11 (FIX_ZERO_PFN_SELECT_SYSTEM,
 * the zero page selected for a coherent-only migration) and B8 (FIX_VM_NORMAL_PAGE_NONLRU, a
 * device-coherent page treated as an LRU page by madvise). Each shows its bug under the toggle
 * — at the exact step, micro-step and invariant — and is gone with the fix.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  createWorld,
  getFrame,
  getPte,
  kernelConfig,
  type ScenarioDoc,
  type Step,
  type World,
} from '../../../src/engine/index';
import { LIST_POISON1, LIST_POISON2, LRU_LINK_NEXT } from '../../../src/engine/mm/lruAlias';
import { runOpMachine } from '../../../src/machines/runOp';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { LIBRARY } from '../../../src/scenarios/library/index';

function doc(id: string): ScenarioDoc {
  const e = LIBRARY.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no library entry ${id}`);
  return e.doc;
}
const fixed = (d: ScenarioDoc): ScenarioDoc => {
  const { kernel: _, ...machine } = d.machine;
  return { ...d, machine };
};
const ids = (t: { violations: readonly { id: string }[] }) => t.violations.map((v) => v.id);

/** Runs the document's steps (the first `n`, then `extra`) through applyStep. */
function run(d: ScenarioDoc, n: number, extra: Step[] = []) {
  let w: World = createWorld(d.machine, kernelConfig(d.machine.kernel));
  const out: ReturnType<typeof applyStep>[] = [];
  [...d.steps.slice(0, n), ...extra].forEach((s, i) => {
    const r = applyStep(w, s as Step, i);
    out.push(r);
    w = r.world;
  });
  return { world: w, steps: out };
}

describe('B11: FIX_ZERO_PFN_SELECT_SYSTEM', () => {
  const id = 's11-zero-pfn-coherent-select';
  test('off: the coherent-only migrate-back selects the zero page at collect (INV-M6), nothing breaks after', () => {
    const t = runScenarioWithMachines(doc(id));
    expect(ids(t)).toEqual(['INV-M6']);
    expect(t.violations[0]).toMatchObject({ step: 6 });
    expect(t.results.find((r) => r.outcome !== undefined)).toBeUndefined();
    expect(t.results[6]).toMatchObject({ op: 'dev.migrate-back', ret: 0, cpages: 1 });
    expect(t.final.processes.P1?.ptes['0']).toMatchObject({ kind: 'present', zero: true });
  });

  test('off: INV-M6 is on the migrate_vma_collect micro-step, whose cpages counts the zero page', () => {
    const { steps } = run(doc(id), 7);
    const back = steps[6]!;
    expect(back.violations).toHaveLength(1);
    const at = back.microsteps[back.violations[0]!.microstep]!;
    expect(at.fn).toBe('migrate_vma_collect');
    expect(at.narration).toMatch(/page 0: the zero page, selected .*; cpages = 2\.$/);
    const driver = back.microsteps.find((m) => m.fn === 'dmirror_devmem_fault_alloc_and_copy');
    expect(driver?.narration).toMatch(/1 selected entry without a page is skipped/);
    const pages = back.microsteps.find((m) => m.fn === 'migrate_vma_pages');
    expect(pages?.narration).toMatch(/page 0 got no destination page: MIGRATE is cleared/);
  });

  test('on: the zero page is never selected without SELECT_SYSTEM', () => {
    const t = runScenarioWithMachines(fixed(doc(id)));
    expect(t.violations).toEqual([]);
    expect(t.results[6]).toMatchObject({ cpages: 1 });
    const { steps } = run(fixed(doc(id)), 7);
    const collect = steps[6]!.microsteps.find((m) => m.fn === 'migrate_vma_collect');
    expect(collect?.narration).toMatch(/cpages = 1\.$/);
  });

  test('with SELECT_SYSTEM (dev.migrate) the zero page is selected on both kernels, without a finding', () => {
    for (const d of [doc(id), fixed(doc(id))]) {
      const { steps } = run(d, 5, [{ op: 'dev.migrate', mirror: 'M', page: 0, count: 1 }]);
      expect(steps[5]!.result).toMatchObject({ ret: 0, cpages: 1, data: [0] });
      expect(steps[5]!.violations).toEqual([]);
    }
  });
});

describe('B8: FIX_VM_NORMAL_PAGE_NONLRU', () => {
  const id = 's11-coherent-pageout-corrupts';
  test('off: madvise corrupts gpu1:0 (INV-C1, INV-P10) and the snapshot crashes (INV-C1)', () => {
    const t = runScenarioWithMachines(doc(id));
    expect(ids(t)).toEqual(['INV-C1', 'INV-P10', 'INV-C1', 'INV-P10']);
    expect(t.violations.map((v) => v.step)).toEqual([6, 6, 7, 8]);
    const broke = t.results.filter((r) => r.outcome !== undefined);
    expect(broke.map((r) => r.step)).toEqual([7]);
    expect(broke[0]?.outcome).toMatchObject({ kind: 'crash', invariant: 'INV-C1' });
    expect(t.results[8]?.notRun).toMatch(/crashed earlier \(INV-C1\)/);
    expect(t.final.halted).toMatchObject({ kind: 'crash', invariant: 'INV-C1' });
  });

  test('off: list_del writes LIST_POISON1/2, putback links page->lru into the LRU list', () => {
    const { steps } = run(doc(id), 7);
    const madvise = steps[6]!;
    expect(madvise.microsteps.map((m) => m.fn)).toEqual([
      'madvise_cold_or_pageout_pte_range',
      'isolate_lru_page',
      'reclaim_pages',
    ]);
    const gpu = getPte(madvise.world, 'P1', 0)!.frame;
    const isolated = getFrame(madvise.microsteps[1]!.world, gpu);
    expect(isolated).toMatchObject({ pgmap: LIST_POISON1, zoneDeviceData: LIST_POISON2 });
    expect(isolated.refcount).toBe(2);
    expect(madvise.violations[0]).toMatchObject({ id: 'INV-C1', microstep: 1 });
    const after = getFrame(madvise.world, gpu);
    expect(after).toMatchObject({ pgmap: LRU_LINK_NEXT, lru: true, refcount: 1, value: 10 });
  });

  test.each([
    ['munmap', { op: 'munmap', proc: 'P1', page: 0, count: 3 }, 'free_zone_device_folio'],
    ['dev.release', { op: 'dev.release', device: 'gpu1' }, 'free_zone_device_folio'],
    ['dev.snapshot', { op: 'dev.snapshot', mirror: 'M', page: 0, count: 1 }, 'dmirror_mkentry'],
  ] as const)('off: the next use by %s crashes once, with INV-C1', (_, next, fn) => {
    const { steps, world } = run(doc(id), 7, [next as Step]);
    const last = steps[7]!;
    const crashed = last.microsteps.filter((m) => m.outcome !== undefined);
    expect(crashed.map((m) => [m.fn, m.outcome?.kind, m.outcome?.invariant])).toEqual([
      [fn, 'crash', 'INV-C1'],
    ]);
    expect(world.halted).toMatchObject({ kind: 'crash', invariant: 'INV-C1' });
    // Engine and op machine agree on the crash.
    const before = run(doc(id), 7).world;
    expect(runOpMachine(before, next as Step, 7).result).toEqual(last.result);
  });

  test('off: MADV_COLD moves the page between LRU lists, with the same damage', () => {
    const cold = doc(id).steps.map((s) =>
      s.op === 'madvise' ? { ...s, advice: 'COLD' as const } : s,
    );
    const t = runScenarioWithMachines({ ...doc(id), steps: cold });
    expect(ids(t).slice(0, 3)).toEqual(['INV-C1', 'INV-P10', 'INV-C1']);
    expect(t.results[7]?.outcome?.kind).toBe('crash');
  });

  test('on: madvise skips gpu1:0 and the zero page; snapshot and removal run clean', () => {
    const t = runScenarioWithMachines(fixed(doc(id)));
    expect(t.violations).toEqual([]);
    expect(t.final.halted).toBeUndefined();
    expect(t.results[7]).toMatchObject({ ret: 0, prot: [0x42, 0x02, 0x11] });
    expect(t.results[8]).toMatchObject({ op: 'dev.release', ret: 0 });
    const { steps } = run(fixed(doc(id)), 7);
    expect(steps[6]!.microsteps[0]?.narration).toMatch(
      /page 2: the zero page \(vm_normal_page\(\) is NULL\), skipped; page 0: device memory \(is_zone_device_page\(\)/,
    );
  });
});
