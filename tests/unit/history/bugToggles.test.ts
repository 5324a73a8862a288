/**
 * Issue 7: every bug toggle shows its bug under the toggle and not when fixed. Each built-in
 * "show the bug" scenario runs as it is (the buggy kernel) and again with `machine.kernel`
 * removed (the fixed kernel): the first breaks at the step the fix is about, with the outcome
 * and the invariant the fix restored; the second runs clean.
 */
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc, Trace } from '../../../src/engine/index';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { LIBRARY } from '../../../src/scenarios/library/index';

function doc(id: string): ScenarioDoc {
  const e = LIBRARY.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no library entry ${id}`);
  return e.doc;
}

function fixed(d: ScenarioDoc): ScenarioDoc {
  const { kernel: _, ...machine } = d.machine;
  return { ...d, machine };
}

interface Expect {
  readonly step: number;
  readonly outcome: string | null;
  readonly invariants: readonly string[];
}

const BUGS: Record<string, Expect> = {
  's6-fault-race-use-after-free': { step: 5, outcome: 'use-after-free', invariants: ['INV-P9'] },
  's6-fault-race-device-removal': { step: 5, outcome: 'crash', invariants: ['INV-P8'] },
  's7-half-fix-livelock': { step: 5, outcome: 'livelock', invariants: ['INV-M3'] },
  's8-free-refcount-era-b': { step: 5, outcome: null, invariants: ['INV-P1'] },
  's9-release-crash-era-b': { step: 6, outcome: 'crash', invariants: ['INV-P7', 'INV-P8'] },
  's9-release-hang': { step: 5, outcome: 'hang', invariants: ['INV-P7'] },
  's15-slow-path-lost-write': { step: 5, outcome: 'lost-write', invariants: ['INV-T7'] },
  's2-skip-read-retry': { step: 4, outcome: 'use-after-free', invariants: ['INV-H1', 'INV-H2'] },
  's11-coherent-evict-refused': { step: 5, outcome: 'hang', invariants: ['INV-P7'] },
  's12-gup-fast-longterm': {
    step: 6,
    outcome: 'hang',
    invariants: ['INV-G4', 'INV-G2', 'INV-P7', 'INV-G2', 'INV-G2'],
  },
  's12-pin-policy-allow': {
    step: 6,
    outcome: 'hang',
    invariants: ['INV-G2', 'INV-P7', 'INV-G2', 'INV-G2'],
  },
};

const outcomeOf = (t: Trace) => t.results.find((r) => r.outcome !== undefined);

describe.each(Object.entries(BUGS))('%s', (id, want) => {
  test('the buggy kernel breaks where the fix says, with the invariant the fix restored', () => {
    const t = runScenarioWithMachines(doc(id));
    expect(t.violations.map((v) => v.id)).toEqual(want.invariants);
    const broke = outcomeOf(t);
    if (want.outcome === null) expect(broke).toBeUndefined();
    else {
      expect(broke?.step).toBe(want.step);
      expect(broke?.outcome?.kind).toBe(want.outcome);
      expect(want.invariants).toContain(broke?.outcome?.invariant);
    }
  });

  test('the fixed kernel runs the same steps clean', () => {
    const t = runScenarioWithMachines(fixed(doc(id)));
    expect(t.violations).toEqual([]);
    expect(outcomeOf(t)).toBeUndefined();
    expect(t.final.halted).toBeUndefined();
  });
});

describe('what each era does to a device page (S8)', () => {
  const counts = (id: string, fix = false) => {
    const t = runScenarioWithMachines(fix ? fixed(doc(id)) : doc(id));
    return { devices: t.final.devices.dev0, frames: t.final.frames };
  };
  test('ERA_A: the pgmap holds 1 + 8 pfn references; a freed page is not listed (count 1 = free)', () => {
    const { devices } = counts('s8-free-refcount-era-a');
    expect(devices).toMatchObject({ pgmapRefcount: 9, usedPages: 0 });
  });
  test('ERA_B: 1 + 8 as well, whatever is in use', () => {
    expect(counts('s8-free-refcount-era-b').devices).toMatchObject({ pgmapRefcount: 9 });
  });
  test('fixed: 1 + pages in use', () => {
    expect(counts('s8-free-refcount-era-b', true).devices).toMatchObject({
      pgmapRefcount: 1,
      usedPages: 0,
    });
  });
});

test('the v3/v4 pin policy refuses with -EFAULT and breaks nothing', () => {
  const t = runScenarioWithMachines(doc('s12-pin-policy-efault'));
  expect(t.results[5]).toMatchObject({ op: 'gup.pin', errno: 'EFAULT' });
  expect(t.results[6]).toMatchObject({ op: 'dev.release', ret: 0 });
  expect(t.violations).toEqual([]);
});

describe('after a halt nothing runs', () => {
  test('the read after a hung removal is not run, and says why', () => {
    const t = runScenarioWithMachines(doc('s9-release-hang'));
    expect(t.results[6]?.notRun).toMatch(/hung/);
    expect(t.final.halted?.kind).toBe('hang');
  });
  test('the livelocked read leaves the entry device-private: no progress', () => {
    const t = runScenarioWithMachines(doc('s7-half-fix-livelock'));
    expect(t.final.processes.A?.ptes['0']?.kind).toBe('device-private');
  });
  test('the lost write costs a second fault but the data arrives', () => {
    const t = runScenarioWithMachines(doc('s15-slow-path-lost-write'));
    const e = t.final.processes.A?.ptes['0'];
    expect(e).toMatchObject({ kind: 'present', write: true });
    expect(t.final.frames[e?.frame ?? '']?.value).toBe(4);
  });
});
