import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import { positionForTurn } from '../../../src/app/race/positionForTurn';
import { reschedule } from '../../../src/app/race/useRaceReschedule';
import type { ScenarioDoc } from '../../../src/engine';
import s2json from '../../../src/scenarios/library/s2-fault-invalidated-retry.json';
import s6json from '../../../src/scenarios/library/s6-fault-race-use-after-free.json';
import { namedInterleavings, raceAt, rescheduleAt } from '../../../src/views/race/interleavings';

const S6 = s6json as unknown as ScenarioDoc;
const S2 = s2json as unknown as ScenarioDoc;

describe('positionForTurn', () => {
  const tl = buildTimeline(S6);

  test('the first frame of the turn, within the race step', () => {
    const p = positionForTurn(tl, 5, 1);
    expect(tl.frames[p]!.microstep).toMatchObject({ turn: 1, thread: 'T2' });
    expect(tl.frames[p - 1]!.microstep?.turn).toBe(0);
    expect(positionForTurn(tl, 5, 0)).toBe(tl.opStarts[5]);
  });

  test('a turn the run never reached lands on the step’s last frame', () => {
    expect(positionForTurn(tl, 5, 40)).toBe(tl.frames.length - 1);
  });

  test('a step with no turns lands on its start; an unknown step at 0', () => {
    expect(positionForTurn(tl, 2, 0)).toBe(tl.opStarts[2]);
    expect(positionForTurn(tl, 99, 0)).toBe(0);
  });
});

describe('reschedule', () => {
  test('S6, T2 chosen at T1’s lookup: lands on T2 running turn 0, no use-after-free', () => {
    const tl = buildTimeline(S6);
    const race = raceAt(tl.frames, tl.opStarts[5]!, S6.steps as never)!;
    const r = reschedule(S6, race, rescheduleAt(race, 0, 1));
    expect(r.doc.steps[5]).toMatchObject({ schedule: [1] });
    expect(r.timeline.frames[r.position]!.microstep).toMatchObject({ turn: 0, thread: 'T2' });
    expect(r.timeline.frames.at(-1)!.result!.outcome).toBeUndefined();
  });

  test('a named interleaving that changes an earlier turn lands where the runs part', () => {
    const tl = buildTimeline(S2);
    const last = tl.frames.length - 1;
    const race = raceAt(tl.frames, last, S2.steps as never)!;
    const t2first = namedInterleavings(race).find((n) => n.name.startsWith('T2 first'))!;
    const r = reschedule(S2, race, t2first.schedule);
    expect(r.position).toBe(r.timeline.opStarts[4]);
    expect(r.timeline.frames[r.position]!.microstep?.thread).toBe('T2');
  });
});
