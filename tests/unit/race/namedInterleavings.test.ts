import { describe, expect, test } from 'vitest';
import { namedInterleavings, type RaceView } from '../../../src/views/race/interleavings';

describe('namedInterleavings on a made-up three-thread race', () => {
  /** T1 ran turns 0 and 3, T2 turns 1 and 4, T3 turn 2; `complete` per thread. */
  const race = (complete = [true, true, true]): RaceView => {
    const schedule = [0, 1, 2, 0, 1];
    const fns = ['a', 'b', 'c', 'd', 'e'];
    return {
      step: 0,
      schedule,
      turns: schedule.map((thread, index) => ({ index, thread, fns: [fns[index]!] })),
      threads: [0, 1, 2].map((index) => ({
        index,
        name: `T${index + 1}`,
        op: 'cpu.read',
        label: `T${index + 1} cpu.read`,
        turns: schedule.flatMap((t, i) => (t === index ? [i] : [])),
        complete: complete[index]!,
        finished: false,
        waitsFor: null,
      })),
      currentTurn: 0,
      taken: [],
    };
  };

  test('each first, and every other thread after each of T1’s turns but its last', () => {
    expect(namedInterleavings(race(), [0, 1, 2, 0, 1])).toEqual([
      { name: 'As recorded', schedule: [0, 1, 2, 0, 1], recorded: true },
      { name: 'T1 first, then T2, then T3', schedule: [] },
      { name: 'T2 first, then T1, then T3', schedule: [1, 1] },
      { name: 'T3 first, then T1, then T2', schedule: [2] },
      { name: "T2 runs after T1's a", schedule: [0, 1, 1] },
      { name: "T3 runs after T1's a", schedule: [0, 2] },
    ]);
  });

  test('a thread cut short is held for longer than it ran: its end is unknown', () => {
    const named = namedInterleavings(race([true, false, true]));
    expect(named.find((n) => n.name.startsWith('T2 first'))!.schedule).toEqual(
      new Array(18).fill(1),
    );
  });
});
