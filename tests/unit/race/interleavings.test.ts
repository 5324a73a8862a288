import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../../src/engine';
import s2json from '../../../src/scenarios/library/s2-fault-invalidated-retry.json';
import s6json from '../../../src/scenarios/library/s6-fault-race-use-after-free.json';
import {
  formatSchedule,
  namedInterleavings,
  raceAt,
  rescheduleAt,
  withSchedule,
} from '../../../src/views/race/interleavings';
import type { Timeline } from '../../../src/views/timeline';

const S6 = s6json as unknown as ScenarioDoc;
const S2 = s2json as unknown as ScenarioDoc;
const RACE6 = 5;
const RACE2 = 4;

const firstOfTurn = (tl: Timeline, step: number, turn: number) =>
  tl.frames.findIndex((f) => f.step === step && f.microstep?.turn === turn);
const lastOf = (tl: Timeline, step: number) => tl.frames.findLastIndex((f) => f.step === step);
const at = (doc: ScenarioDoc, pos: (tl: Timeline) => number) => {
  const tl = buildTimeline(doc);
  return raceAt(tl.frames, pos(tl), doc.steps as never)!;
};
/** The race's result after replaying `doc` with `schedule` at step `step`. */
const replay = (doc: ScenarioDoc, step: number, schedule: number[]) => {
  const tl = buildTimeline(withSchedule(doc, step, schedule));
  return tl.frames[lastOf(tl, step)]!.result!;
};

describe('raceAt', () => {
  test('is null outside a race', () => {
    const tl = buildTimeline(S6);
    expect(raceAt(tl.frames, 0)).toBeNull();
    expect(raceAt(tl.frames, tl.opStarts[RACE6]! - 1)).toBeNull();
    expect(raceAt(tl.frames, 9999)).toBeNull();
  });

  test("S6 at T1's lookup: threads, labels, the effective schedule, turn 0", () => {
    const race = at(S6, (tl) => firstOfTurn(tl, RACE6, 0));
    expect(race.step).toBe(RACE6);
    expect(race.threads.map((t) => t.label)).toEqual([
      'T1 cpu.read · A · page 0',
      'T2 dev.migrate-back · gpu0 · page 0',
    ]);
    expect(race.schedule).toEqual([0, 1, 1, 1, 1, 1, 0]);
    expect(race.written).toEqual([0, 1, 1, 1, 1, 1]);
    expect(race.currentTurn).toBe(0);
    expect(race.taken).toEqual([{ index: 0, thread: 0, fns: ['do_swap_page'] }]);
    expect(race.turns[1]!.fns).toEqual(['dmirror_interval_invalidate', 'migrate_vma_collect']);
    expect(race.threads.map((t) => t.finished)).toEqual([false, false]);
  });

  test('S6 at the use-after-free: T2 has finished, T1 was cut short by the halt', () => {
    const race = at(S6, (tl) => lastOf(tl, RACE6));
    expect(race.currentTurn).toBe(6);
    expect(race.taken).toHaveLength(7);
    expect(race.turns[6]!.outcome?.kind).toBe('use-after-free');
    expect(race.threads.map((t) => [t.turns, t.complete, t.finished])).toEqual([
      [[0, 6], false, false],
      [[1, 2, 3, 4, 5], true, true],
    ]);
  });

  test('S2 with T1 first: from its read_retry on, T2 (munmap) waits for gpu0’s mutex', () => {
    const doc = withSchedule(S2, RACE2, []);
    const race = (turn: number) => at(doc, (tl) => firstOfTurn(tl, RACE2, turn));
    expect(race(3).turns[3]!.fns).toEqual(['mmu_interval_read_retry']);
    expect(race(3).threads.map((t) => t.waitsFor)).toEqual([null, null]);
    expect(race(4).threads.map((t) => t.waitsFor)).toEqual([null, "gpu0's driver lock"]);
    expect(race(6).threads.map((t) => t.waitsFor)).toEqual([null, null]);
  });

  test('without the steps a label is the op alone', () => {
    const tl = buildTimeline(S6);
    const race = raceAt(tl.frames, lastOf(tl, RACE6))!;
    expect(race.threads.map((t) => t.label)).toEqual(['T1 cpu.read', 'T2 dev.migrate-back']);
    expect(race.written).toBeUndefined();
  });
});

describe('namedInterleavings', () => {
  test('S6: each thread first, T2 after each of T1 turns, the file’s own marked', () => {
    const named = namedInterleavings(at(S6, (tl) => lastOf(tl, RACE6)));
    expect(named).toEqual([
      { name: 'T1 first, then T2', schedule: [] },
      { name: 'T2 first, then T1', schedule: [1, 1, 1, 1, 1] },
      {
        name: "T2 runs after T1's do_swap_page (as recorded)",
        schedule: [0, 1, 1, 1, 1, 1],
        recorded: true,
      },
      // Nothing after T1's dmirror_devmem_fault: the kernel halted there.
    ]);
  });

  test('S2: the file’s schedule is T2 after the first hmm_range_fault; repeats are counted', () => {
    const named = namedInterleavings(at(S2, (tl) => firstOfTurn(tl, RACE2, 3)));
    const names = named.map((n) => n.name);
    expect(names).toContain("T2 runs after T1's hmm_range_fault (as recorded)");
    expect(names).toContain("T2 runs after T1's second mmu_interval_read_begin");
    expect(named.find((n) => n.recorded)!.schedule).toEqual([0, 0, 0, 1]);
    // Every entry is a different schedule.
    expect(new Set(named.map((n) => n.schedule.join())).size).toBe(named.length);
  });

  test('a recorded schedule none of them is comes first as "As recorded"', () => {
    const race = at(S2, (tl) => firstOfTurn(tl, RACE2, 0));
    const named = namedInterleavings(race, [1, 0, 1]);
    expect(named[0]).toEqual({ name: 'As recorded', schedule: [1, 0, 1], recorded: true });
  });

  test('replaying S6 with each named interleaving runs the thread named first', () => {
    for (const n of namedInterleavings(at(S6, (tl) => lastOf(tl, RACE6)))) {
      const turns = replay(S6, RACE6, n.schedule).turns!;
      if (n.name.startsWith('T2 first')) expect(turns.slice(0, 5)).toEqual([1, 1, 1, 1, 1]);
      if (n.name.startsWith('T1 first')) expect(turns.indexOf(1)).toBe(turns.lastIndexOf(0) + 1);
    }
  });
});

describe('rescheduling S6', () => {
  test('"T2 first" removes the use-after-free; the recorded one keeps it', () => {
    const named = namedInterleavings(at(S6, (tl) => lastOf(tl, RACE6)));
    const first = replay(S6, RACE6, named.find((n) => n.name.startsWith('T2 first'))!.schedule);
    expect(first.outcome).toBeUndefined();
    expect(first.threads![0]!.data).toEqual([42]);
    const recorded = replay(S6, RACE6, named.find((n) => n.recorded)!.schedule);
    expect(recorded.outcome?.kind).toBe('use-after-free');
  });

  test('rescheduleAt keeps the first turns and runs the chosen thread', () => {
    const race = at(S6, (tl) => firstOfTurn(tl, RACE6, 3));
    expect(rescheduleAt(race, 3, 0)).toEqual([0, 1, 1, 0]);
    expect(rescheduleAt(race, 0, 1)).toEqual([1]);
    expect(replay(S6, RACE6, rescheduleAt(race, 0, 1)).turns![0]).toBe(1);
  });

  test('formatSchedule reads as a teacher says it', () => {
    expect(formatSchedule([0, 1, 1, 0, 2])).toBe('T1 T2 T2 T1 T3');
  });
});

describe('withSchedule', () => {
  test('replaces one race step’s schedule and shares everything else', () => {
    const before = JSON.stringify(S6);
    const next = withSchedule(S6, RACE6, [1, 1]);
    expect(JSON.stringify(S6)).toBe(before);
    expect(next.steps[RACE6]).toEqual({ ...S6.steps[RACE6], schedule: [1, 1] });
    expect(next.steps.slice(0, RACE6)).toEqual(S6.steps.slice(0, RACE6));
    next.steps.slice(0, RACE6).forEach((s, i) => expect(s).toBe(S6.steps[i]));
    expect(next.machine).toBe(S6.machine);
    expect({ ...next, steps: null }).toEqual({ ...S6, steps: null });
  });

  test('refuses a step that is not a race', () => {
    expect(() => withSchedule(S6, 0, [1])).toThrow(/not a race/);
  });
});
