/**
 * src/scenarios/library/s10-fork-device-private.json reproduces domain.md §6 S10 steps (1)–(4):
 * it validates, runs without an invariant violation, and shows the observed states of S10 at
 * the right steps.
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  createWorld,
  getFrame,
  getMirror,
  getPte,
  pvecGet,
  type World,
} from '../../../src/engine/index';
import raw from '../../../src/scenarios/library/s10-fork-device-private.json';
import { validateScenario } from '../../../src/scenarios/load';

const loaded = validateScenario(raw);
if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
const doc = loaded.doc;

/** The world after each step, and each result. */
function runAll() {
  const worlds: World[] = [];
  const results = [];
  let w = createWorld(doc.machine);
  for (const [i, s] of doc.steps.entries()) {
    const r = applyStep(w, s, i);
    expect(r.violations, `step ${i}`).toEqual([]);
    expect(r.result.ret, `step ${i} (${s.op})`).toBe(0);
    results.push(r.result);
    worlds.push((w = r.world));
  }
  return { worlds, results };
}

const pte = (w: World, proc: string) => {
  const p = getPte(w, proc, 0);
  if (p === null) throw new Error(`${proc} has no entry`);
  return p;
};

describe('S10: fork with a writable DEVICE_PRIVATE entry, then writes', () => {
  const { worlds, results } = runAll();
  const stepOf = (op: string, from = 0) => doc.steps.findIndex((s, i) => i >= from && s.op === op);
  const forkAt = stepOf('fork');
  const w = (i: number) => worlds[i] as World;

  test('has a title and a summary for students', () => {
    expect(doc.title).toMatch(/fork/);
    expect(doc.summary?.length ?? 0).toBeGreaterThan(200);
  });

  test('initial: P1.v0 devicePrivate{D0,W}, D0 1/1, DPT(v0) = {D0,W}', () => {
    const before = w(forkAt - 1);
    const d0 = pte(before, 'P1');
    expect(d0).toMatchObject({ kind: 'devicePrivate', write: true });
    expect(getFrame(before, d0.frame)).toMatchObject({ refcount: 1, mapcount: 1 });
    expect(pvecGet(getMirror(before, 'M')!.pt, 0)).toEqual({ frame: d0.frame, access: 'write' });
    expect(results[forkAt - 1]).toMatchObject({ op: 'dev.snapshot', prot: [0x22] });
  });

  test('(1) fork: both devicePrivate{D0,R}, D0 2/2, M invalidated (INV-T10)', () => {
    const before = w(forkAt - 1);
    const after = w(forkAt);
    const d0 = pte(before, 'P1').frame;
    for (const p of ['P1', 'P2']) {
      expect(pte(after, p)).toEqual({ kind: 'devicePrivate', frame: d0, write: false });
    }
    expect(getFrame(after, d0)).toMatchObject({ refcount: 2, mapcount: 2 });
    expect(getMirror(after, 'M')!.seq).toBe(getMirror(before, 'M')!.seq + 1);
    expect(pvecGet(getMirror(after, 'M')!.pt, 0)).toBeNull();
  });

  test('(2) device read via M: D0 without WRITE, DPT {D0,R}', () => {
    const read = stepOf('dev.read');
    const d0 = pte(w(forkAt), 'P1').frame;
    expect(pvecGet(getMirror(w(read), 'M')!.pt, 0)).toEqual({ frame: d0, access: 'read' });
    expect(results[read + 1]).toMatchObject({ op: 'dev.snapshot', prot: [0x21] });
  });

  test('(3) P2 writes: back to system memory for both, then CoW: P2 {C,W}, P1 {S,R}, S 1/1', () => {
    const at = stepOf('cpu.write', forkAt);
    const d0 = pte(w(forkAt), 'P1').frame;
    const s = pte(w(at), 'P1');
    const c = pte(w(at), 'P2');
    expect(s).toMatchObject({ kind: 'present', write: false });
    expect(c).toMatchObject({ kind: 'present', write: true });
    expect(getFrame(w(at), s.frame)).toMatchObject({ zone: 'normal', refcount: 1, mapcount: 1 });
    expect(getFrame(w(at), c.frame)).toMatchObject({ zone: 'normal', refcount: 1, mapcount: 1 });
    expect(getFrame(w(at), d0).refcount).toBe(0); // D0 freed
    const fns = (applyStep(w(at - 1), doc.steps[at]!, at).microsteps ?? []).map((m) => m.fn);
    // migrate_to_ram first (both entries become migration entries, then present{S,R}), then CoW.
    expect(fns.indexOf('migrate_vma_finalize')).toBeLessThan(fns.indexOf('wp_page_copy'));
  });

  test('(4) P1 writes: reuses S in place (no copy)', () => {
    const at = stepOf('cpu.write', forkAt) + 1;
    const s = pte(w(at - 1), 'P1').frame;
    expect(pte(w(at), 'P1')).toMatchObject({ kind: 'present', frame: s, write: true });
    expect(w(at).sysFree).toBe(w(at - 1).sysFree);
    expect(results.slice(-2)).toMatchObject([{ data: [9] }, { data: [8] }]);
  });
});
