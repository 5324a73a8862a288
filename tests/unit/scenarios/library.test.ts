/**
 * The scenario library (src/scenarios/library/*.json plus the default scenario): every entry
 * validates, runs without an invariant violation and says what it is about. The teaching
 * scenarios of domain.md §6 are also checked against what the kernel does at their key steps
 * (snapshot bytes, errnos, cpages, who maps which frame), so a wrong engine fails here.
 *
 * Entries written by other work (the kernel selftests, `selftest-*.json`) are only held to the
 * general checks; this file works with or without them.
 */
import { describe, expect, test } from 'vitest';
import {
  runScenario,
  type FinalState,
  type ScenarioDoc,
  type StepResult,
} from '../../../src/engine/index';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { LIBRARY } from '../../../src/scenarios/library/index';
import { validateScenario } from '../../../src/scenarios/load';

function load(id: string): ScenarioDoc {
  const entry = LIBRARY.find((e) => e.id === id);
  if (entry === undefined) throw new Error(`no library entry ${id}`);
  const r = validateScenario(entry.doc);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.doc;
}

/** Runs a scenario and answers, for any step, its result and the state right after it. */
function play(id: string) {
  const doc = load(id);
  const trace = runScenario(doc);
  const finals = new Map<number, FinalState>();
  return {
    doc,
    trace,
    /** The result of the n-th step with this op (0 = the first). */
    result(op: string, n = 0): StepResult {
      const r = trace.results.filter((x) => x.op === op)[n];
      if (r === undefined) throw new Error(`${id}: no ${op} #${n}`);
      return r;
    },
    /** The state after step `step` (an index into doc.steps). */
    after(step: number): FinalState {
      let f = finals.get(step);
      if (f === undefined) {
        f = runScenario({ ...doc, steps: doc.steps.slice(0, step + 1) }).final;
        finals.set(step, f);
      }
      return f;
    },
  };
}

const pte = (f: FinalState, proc: string, page: number) => {
  const p = f.processes[proc]?.ptes[String(page)];
  if (p === undefined) throw new Error(`${proc} has no entry at ${page}`);
  return p;
};
const frameOf = (f: FinalState, proc: string, page: number) => {
  const fr = f.frames[pte(f, proc, page).frame];
  if (fr === undefined) throw new Error(`no frame ${pte(f, proc, page).frame}`);
  return fr;
};

/** The teaching scenarios of domain.md §6 that this file checks in detail. */
const TEACHING: Record<string, string> = {
  's1-mirror-and-snapshot': 'S1',
  's3-device-faults': 'S3',
  's4-migrate-to-device-private': 'S4',
  's5-cpu-touches-device-page': 'S5',
  's10-fork-device-private': 'S10',
  's11-coherent-basics': 'S11',
  's12-longterm-pin-coherent': 'S12',
  's13-gup-device-private': 'S13',
  's14-fork-coherent': 'S14',
  's16-device-exclusive': 'S16',
};

describe('every library entry', () => {
  test('ids are unique, the default comes first, and the teaching scenarios are all there', () => {
    const ids = LIBRARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('default');
    for (const id of Object.keys(TEACHING)) expect(ids).toContain(id);
  });

  describe.each(LIBRARY.map((e) => [e.id, e] as const))('%s', (id, entry) => {
    test('validates', () => {
      const r = validateScenario(entry.doc);
      expect(r.ok ? [] : r.errors).toEqual([]);
    });

    // A scenario on a buggy kernel (machine.kernel) breaks on purpose: tests/unit/history.
    test('runs without an invariant violation, unless it shows a bug of an older kernel', () => {
      const r = validateScenario(entry.doc);
      if (!r.ok) throw new Error(`${id} does not validate`);
      // Races interleave phases, which only the op machines (the runner's path) can do.
      const trace = runScenarioWithMachines(r.doc);
      expect(trace.results).toHaveLength(r.doc.steps.length);
      expect(trace.microsteps).toBeGreaterThan(0);
      // A scenario on another kernel (machine.kernel) belongs to the history section; where
      // its kernel breaks is checked in tests/unit/history.
      // GMEM scenarios run the RFC's code as written, B14 included: the ones that break say so
      // in their watch list, and tests/conformance/gmem_*.test.ts pins each break.
      if (r.doc.machine.kernel === undefined) expect(trace.violations).toEqual([]);
      else if (r.doc.machine.kernel.gmem !== undefined) expect(r.doc.about?.topic).toBe('gmem');
      else expect(r.doc.about?.topic).toBe('history');
    });

    test('says what it is about: a topic and at least one thing to watch', () => {
      const about = entry.doc.about;
      expect(about?.topic).toEqual(expect.any(String));
      expect(about?.watch?.length ?? 0).toBeGreaterThan(0);
      for (const w of about?.watch ?? []) expect(w.trim().length).toBeGreaterThan(0);
    });
  });
});

describe('the teaching scenarios of domain.md §6', () => {
  test.each(Object.entries(TEACHING))(
    '%s names its source (%s), a title and a summary',
    (id, s) => {
      const doc = load(id);
      expect(doc.about?.source).toMatch(new RegExp(`§6 ${s}\\b`));
      expect(doc.title.length).toBeGreaterThan(10);
      expect(doc.summary?.length ?? 0).toBeGreaterThan(200);
      expect(doc.about?.watch?.length).toBeGreaterThanOrEqual(3);
      expect(doc.about?.watch?.length).toBeLessThanOrEqual(6);
    },
  );

  test('the topics', () => {
    const topic = (id: string) => load(id).about?.topic;
    expect(topic('default')).toBe('migration');
    expect(topic('s1-mirror-and-snapshot')).toBe('snapshot');
    expect(topic('s3-device-faults')).toBe('faults');
    expect(topic('s4-migrate-to-device-private')).toBe('migration');
    expect(topic('s5-cpu-touches-device-page')).toBe('migration');
    expect(topic('s10-fork-device-private')).toBe('fork-cow');
    expect(topic('s11-coherent-basics')).toBe('device-memory');
    expect(topic('s12-longterm-pin-coherent')).toBe('pinning');
    expect(topic('s13-gup-device-private')).toBe('pinning');
    expect(topic('s14-fork-coherent')).toBe('fork-cow');
    expect(topic('s16-device-exclusive')).toBe('faults');
    expect(topic('s19-gmem-end-to-end')).toBe('gmem');
  });
});

describe('S1: mirror registration and a read-only snapshot', () => {
  const s = play('s1-mirror-and-snapshot');
  const open = s.doc.steps.findIndex((x) => x.op === 'mirror.open');

  test('mirror.open: sequence 0, an empty device page table, no reference taken', () => {
    const before = s.after(open - 1);
    const f = s.after(open);
    expect(f.mirrors['M']).toMatchObject({ seq: 0, entries: {} });
    expect(f.frames).toEqual(before.frames);
  });

  test('the snapshot reads the CPU page table: write, read, none, zero page', () => {
    expect(s.result('dev.snapshot', 0)).toMatchObject({ ret: 0, prot: [0x02, 0x01, 0x00, 0x11] });
    // A snapshot faults nothing in: the hole stays a hole.
    const snap = s.doc.steps.findIndex((x) => x.op === 'dev.snapshot');
    expect(s.after(snap).processes['P1']?.ptes['2']).toBeUndefined();
    expect(s.after(snap)).toEqual(s.after(snap - 1));
  });

  test('the reads program the device page table with the CPU permissions, no refcount change', () => {
    const f = s.trace.final;
    expect(f.mirrors['M']).toEqual({
      device: 'dev0',
      proc: 'P1',
      seq: 0,
      entries: {
        '0': { frame: pte(f, 'P1', 0).frame, access: 'write' },
        '1': { frame: pte(f, 'P1', 1).frame, access: 'read' },
        '3': { frame: 'sys:zero', access: 'read' },
      },
    });
    expect(pte(f, 'P1', 3)).toMatchObject({ kind: 'present', zero: true, write: false });
    expect(f.processes['P1']?.ptes['2']).toBeUndefined();
    expect(frameOf(f, 'P1', 0)).toMatchObject({ refcount: 1, mapcount: 1, value: 10 });
    expect(frameOf(f, 'P1', 1)).toMatchObject({ refcount: 1, mapcount: 1, value: 11 });
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x02, 0x01, 0x00, 0x11]);
  });
});

describe('S3: device read fault, and a write fault that breaks copy-on-write', () => {
  const s = play('s3-device-faults');
  const write = s.doc.steps.findIndex((x) => x.op === 'dev.write');

  test('initial: page 1 shared read-only with P2 (2/2), page 2 writable, page 0 none', () => {
    const f = s.after(write - 2);
    expect(pte(f, 'P1', 1)).toMatchObject({ kind: 'present', write: false });
    expect(pte(f, 'P2', 1).frame).toBe(pte(f, 'P1', 1).frame);
    expect(frameOf(f, 'P1', 1)).toMatchObject({ refcount: 2, mapcount: 2 });
    expect(f.processes['P1']?.ptes['0']).toBeUndefined();
    expect(s.result('dev.snapshot', 0).prot).toEqual([0x00, 0x01, 0x02]);
  });

  test('the device read fault maps the zero page read-only', () => {
    expect(s.result('dev.read')).toMatchObject({ ret: 0, cpages: 1, data: [0] });
    expect(pte(s.after(write - 1), 'P1', 0)).toMatchObject({ zero: true, write: false });
  });

  test('the device write breaks CoW for P1 only; the invalidation moves the sequence', () => {
    const before = s.after(write - 1);
    const f = s.after(write);
    expect(s.result('dev.write', 0)).toMatchObject({ ret: 0, cpages: 2 });
    const old = pte(before, 'P1', 1).frame;
    expect(pte(f, 'P1', 1)).toMatchObject({ kind: 'present', write: true });
    expect(pte(f, 'P1', 1).frame).not.toBe(old);
    expect(pte(f, 'P1', 2).frame).toBe(pte(before, 'P1', 2).frame); // no fault for page 2
    expect(pte(f, 'P2', 1)).toEqual({ kind: 'present', write: false, frame: old });
    expect(f.frames[old]).toMatchObject({ refcount: 1, mapcount: 1, value: 11 });
    expect(f.mirrors['M']?.seq).toBe((before.mirrors['M']?.seq ?? -1) + 1);
    expect(f.mirrors['M']?.entries).toEqual({
      '0': { frame: 'sys:zero', access: 'read' },
      '1': { frame: pte(f, 'P1', 1).frame, access: 'write' },
      '2': { frame: pte(f, 'P1', 2).frame, access: 'write' },
    });
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x11, 0x02, 0x02]);
    expect(s.result('cpu.read').data).toEqual([11]);
  });

  test('a device write fault in a read-only VMA is -EPERM', () => {
    expect(s.result('dev.write', 1)).toEqual({
      step: s.doc.steps.length - 1,
      op: 'dev.write',
      ret: -1,
      errno: 'EPERM',
    });
  });
});

describe('S4/S5/S10 keep their key results', () => {
  test('S4: cpages stay selected but the pinned page gives -ENOENT on read-back', () => {
    const s = play('s4-migrate-to-device-private');
    expect(s.result('dev.migrate')).toMatchObject({ ret: -2, errno: 'ENOENT' });
    expect(s.trace.final.devices['dev0']?.pgmapRefcount).toBe(4);
  });

  test('S5: the CPU read returns the value, the device page is freed', () => {
    const s = play('s5-cpu-touches-device-page');
    expect(s.result('cpu.read', 1)).toMatchObject({ ret: 0, data: [100] });
    expect(pte(s.trace.final, 'A', 0)).toMatchObject({ kind: 'present', write: true });
    expect(s.trace.final.devices['dev0']?.pgmapRefcount).toBe(3);
  });

  test('S10: the mirror maps the page read-only after fork (0x21)', () => {
    const s = play('s10-fork-device-private');
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x21]);
  });
});

describe('S11: device-coherent memory is mapped directly by the CPU', () => {
  const s = play('s11-coherent-basics');
  const migrate = s.doc.steps.findIndex((x) => x.op === 'dev.migrate');

  test('after migrate_vma with SELECT_SYSTEM, the PTEs are present and point at gpu1', () => {
    const f = s.after(migrate);
    expect(pte(f, 'P1', 0)).toEqual({ kind: 'present', write: true, frame: 'gpu1:0' });
    expect(pte(f, 'P1', 1)).toEqual({ kind: 'present', write: true, frame: 'gpu1:1' });
    expect(f.devices['gpu1']).toMatchObject({ pgmapRefcount: 3, usedPages: 2 });
    expect(s.result('dev.snapshot', 0).prot).toEqual([0x42, 0x42]);
  });

  test('the CPU writes the coherent page in place: no fault, the device sees it', () => {
    const write = s.doc.steps.findIndex((x, i) => i > migrate && x.op === 'cpu.write');
    const f = s.after(write);
    expect(pte(f, 'P1', 0).frame).toBe('gpu1:0');
    expect(f.frames['gpu1:0']?.value).toBe(20);
    expect(s.result('cpu.read')).toMatchObject({ ret: 0, data: [20, 11] });
    expect(s.result('dev.read')).toMatchObject({ ret: 0, faults: 0, data: [20, 11] });
  });

  test('another owner selects nothing; the owner migrates both pages back', () => {
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x52, 0x52]);
    expect(s.result('dev.migrate-back', 0)).toMatchObject({ ret: 0, cpages: 0 });
    expect(s.result('dev.migrate-back', 1)).toMatchObject({ ret: 0, cpages: 2 });
    expect(s.result('dev.snapshot', 2).prot).toEqual([0x02, 0x02]);
    const f = s.trace.final;
    expect(pte(f, 'P1', 0).frame).toMatch(/^sys:/);
    expect(frameOf(f, 'P1', 0).value).toBe(20);
    expect(f.devices['gpu1']).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
  });
});

describe('S12: FOLL_LONGTERM pin of a coherent page', () => {
  const s = play('s12-longterm-pin-coherent');
  const pins = s.doc.steps.flatMap((x, i) => (x.op === 'gup.pin' ? [i] : []));
  const [plain, failed, ok] = pins as [number, number, number];

  test('a plain pin keeps the coherent page in place', () => {
    const f = s.after(plain);
    expect(s.result('gup.pin', 0).ret).toBe(0);
    expect(pte(f, 'P1', 0).frame).toBe('gpu1:0');
    expect(f.frames['gpu1:0']).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(s.result('dev.snapshot', 0).prot).toEqual([0x42, 0x02]);
  });

  test('no free system page: -EBUSY, page 0 still in gpu1:0, nothing pinned', () => {
    const f = s.after(failed);
    expect(s.result('gup.pin', 1)).toMatchObject({ ret: -16, errno: 'EBUSY' });
    expect(pte(f, 'P1', 0)).toEqual({ kind: 'present', write: true, frame: 'gpu1:0' });
    expect(f.gups).toBeUndefined();
    for (const fr of Object.values(f.frames)) expect(fr.pincount).toBe(0);
    expect(f.frames['gpu1:0']).toMatchObject({ refcount: 1, mapcount: 1, value: 10 });
  });

  test('with a free page: migrate to system memory, then pin; gpu1:0 is freed', () => {
    const f = s.after(ok);
    expect(s.result('gup.pin', 2).ret).toBe(0);
    const held = f.gups?.['rdma'];
    expect(held).toMatchObject({ pin: true, longterm: true, page: 0, count: 2 });
    expect(held?.frames.every((id) => id.startsWith('sys:'))).toBe(true);
    for (const id of held?.frames ?? []) {
      expect(f.frames[id]).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    }
    expect(frameOf(f, 'P1', 0).value).toBe(10);
    expect(f.frames['gpu1:0']).toBeUndefined();
    expect(f.devices['gpu1']).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x02, 0x02]);
  });

  test('after unpin nothing is pinned', () => {
    expect(s.trace.final.gups).toBeUndefined();
    for (const fr of Object.values(s.trace.final.frames)) expect(fr.pincount).toBe(0);
  });
});

describe('S13: GUP on device-private (and coherent) pages', () => {
  const s = play('s13-gup-device-private');
  const get = s.doc.steps.findIndex((x) => x.op === 'gup.get');
  const pin = s.doc.steps.findIndex((x) => x.op === 'gup.pin');

  test('get_user_pages faults the private page back, references the coherent one in place', () => {
    const f = s.after(get);
    const held = f.gups?.['get']?.frames ?? [];
    expect(held).toHaveLength(2);
    expect(held[0]).toMatch(/^sys:/);
    expect(held[1]).toBe('gpu1:0');
    expect(pte(f, 'P1', 0).kind).toBe('device-private'); // not touched
    expect(f.frames['gpu1:0']).toMatchObject({ refcount: 2, mapcount: 1, pincount: 0 });
    expect(s.result('dev.snapshot', 0).prot).toEqual([0x22, 0x02, 0x52, 0x52]);
  });

  test('a long-term pin leaves every page pinned in system memory', () => {
    const f = s.after(pin);
    const held = f.gups?.['pin']?.frames ?? [];
    expect(held).toHaveLength(4);
    for (const id of held) {
      expect(id).toMatch(/^sys:/);
      expect(f.frames[id]).toMatchObject({ pincount: 1 });
    }
    expect(f.devices['gpu0']).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
    expect(f.devices['gpu1']).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x02, 0x02, 0x02, 0x02]);
    expect(s.result('cpu.read').data).toEqual([10, 11, 12, 13]);
  });
});

describe('S14: fork with a device-coherent page', () => {
  const s = play('s14-fork-coherent');
  const fork = s.doc.steps.findIndex((x) => x.op === 'fork');
  const write = s.doc.steps.findIndex((x) => x.op === 'dev.write');

  test('fork shares the coherent page read-only and invalidates the mirror', () => {
    const before = s.after(fork - 1);
    const f = s.after(fork);
    for (const p of ['P1', 'P2']) {
      expect(pte(f, p, 0)).toEqual({ kind: 'present', write: false, frame: 'gpu1:0' });
    }
    expect(f.frames['gpu1:0']).toMatchObject({ refcount: 2, mapcount: 2 });
    expect(f.mirrors['M']?.entries).toEqual({});
    expect(f.mirrors['M']?.seq).toBe((before.mirrors['M']?.seq ?? -1) + 1);
    expect(s.result('dev.snapshot', 0).prot).toEqual([0x41]);
  });

  test('the device write gives P1 a system copy; P2 keeps the coherent page', () => {
    const f = s.after(write);
    expect(s.result('dev.write')).toMatchObject({ ret: 0, cpages: 1 });
    expect(pte(f, 'P1', 0)).toMatchObject({ kind: 'present', write: true });
    expect(pte(f, 'P1', 0).frame).toMatch(/^sys:/);
    expect(frameOf(f, 'P1', 0).value).toBe(8);
    expect(pte(f, 'P2', 0)).toEqual({ kind: 'present', write: false, frame: 'gpu1:0' });
    expect(f.frames['gpu1:0']).toMatchObject({ refcount: 1, mapcount: 1, value: 7 });
    expect(s.result('dev.snapshot', 1).prot).toEqual([0x02]);
    expect(s.result('cpu.read').data).toEqual([7]);
  });

  test('the driver can migrate it to a new coherent page', () => {
    const f = s.trace.final;
    expect(s.result('dev.migrate', 1)).toMatchObject({ ret: 0, cpages: 1, data: [8] });
    expect(pte(f, 'P1', 0)).toEqual({ kind: 'present', write: true, frame: 'gpu1:1' });
    expect(f.devices['gpu1']).toMatchObject({ pgmapRefcount: 3, usedPages: 2 });
    expect(s.result('dev.snapshot', 2).prot).toEqual([0x42]);
  });
});

describe('S16: device-exclusive entries', () => {
  const s = play('s16-device-exclusive');
  const excl = s.doc.steps.flatMap((x, i) => (x.op === 'dev.exclusive' ? [i] : []));
  const fork = s.doc.steps.findIndex((x) => x.op === 'fork');
  const pin = s.doc.steps.findIndex((x) => x.op === 'gup.pin');

  test('EXCLUSIVE: a device-exclusive entry, counts unchanged, an ATOMIC mirror entry', () => {
    const before = s.after((excl[0] as number) - 1);
    const f = s.after(excl[0] as number);
    const frame = pte(before, 'P1', 0).frame;
    expect(pte(f, 'P1', 0)).toMatchObject({ kind: 'device-exclusive', frame });
    expect(f.frames[frame]).toMatchObject({ refcount: 1, mapcount: 1, pincount: 0 });
    expect(f.mirrors['M']?.entries['0']).toEqual({ frame, access: 'atomic' });
    expect(s.result('dev.exclusive', 0)).toMatchObject({ ret: 0, cpages: 1, data: [5] });
    expect(s.result('dev.check-exclusive', 0)).toMatchObject({ ret: -1, errno: 'EPERM' });
  });

  test('a CPU read restores the PTE and revokes the device', () => {
    const read = s.doc.steps.findIndex((x) => x.op === 'cpu.read');
    const f = s.after(read);
    expect(pte(f, 'P1', 0)).toMatchObject({ kind: 'present', write: true });
    expect(f.mirrors['M']?.entries).toEqual({});
    expect(s.result('cpu.read', 0).data).toEqual([5]);
    expect(s.result('dev.check-exclusive', 1)).toMatchObject({ ret: 0 });
  });

  test('fork restores the entry first, then shares the page copy-on-write', () => {
    expect(pte(s.after(fork - 1), 'P1', 0).kind).toBe('device-exclusive');
    const f = s.after(fork);
    const frame = pte(f, 'P1', 0).frame;
    expect(pte(f, 'P1', 0)).toEqual({ kind: 'present', write: false, frame });
    expect(pte(f, 'P2', 0)).toEqual({ kind: 'present', write: false, frame });
    expect(f.frames[frame]).toMatchObject({ refcount: 2, mapcount: 2 });
    const g = s.after(fork + 1); // P2 writes: its own copy
    expect(pte(g, 'P2', 0).frame).not.toBe(frame);
    expect(frameOf(g, 'P2', 0).value).toBe(6);
    expect(g.frames[frame]).toMatchObject({ refcount: 1, mapcount: 1, value: 5 });
  });

  test('pin_user_pages restores the PTE and pins the ordinary page', () => {
    expect(pte(s.after(pin - 1), 'P1', 0).kind).toBe('device-exclusive');
    const f = s.after(pin);
    expect(pte(f, 'P1', 0)).toMatchObject({ kind: 'present', write: true });
    expect(frameOf(f, 'P1', 0)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(f.gups?.['pin']?.frames).toEqual([pte(f, 'P1', 0).frame]);
    expect(s.result('dev.check-exclusive', 2)).toMatchObject({ ret: 0 });
    expect(s.trace.final.gups).toBeUndefined();
  });
});
