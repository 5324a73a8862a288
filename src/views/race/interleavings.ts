/**
 * Interleavings of a `race` step as a teacher would offer them: named schedules built from the
 * run on screen, "run Tk here instead", and the document with a step's schedule replaced.
 * Pure; the app rebuilds the timeline from the new document (src/app/race).
 */
import type { ScenarioDoc } from '../../engine';
import { LIMITS } from '../../scenarios/schema';
import type { RaceView } from './raceView';

export { raceAt, type RaceThreadView, type RaceTurn, type RaceView } from './raceView';

export interface NamedInterleaving {
  name: string;
  /** What goes into the step's `schedule`. */
  schedule: number[];
  /** It is the schedule the scenario was recorded with. */
  recorded?: boolean;
}

/**
 * Turns assumed for a thread the kernel cut short: how many it would need to finish is unknown,
 * and surplus entries cost nothing (a finished thread's entries are skipped).
 */
const UNKNOWN_TURNS = 16;

const threadName = (k: number) => `T${k + 1}`;

/** `T1 T2 T2 T1`: the schedule as it is read out. */
export function formatSchedule(schedule: readonly number[]): string {
  return schedule.map(threadName).join(' ');
}

/** Entries that let thread k run to its end (its turn count in this run, when it finished). */
function turnsToFinish(race: RaceView, k: number): number {
  const t = race.threads[k];
  if (t === undefined) return 0;
  return t.turns.length + (t.complete ? 0 : UNKNOWN_TURNS);
}

/**
 * `prefix`, then each thread of `order` to its end. The longest ascending tail of `order` is
 * left out: past the schedule the lowest runnable thread runs, which is that tail already — so
 * "T1 first, then T2" is `[]` and the file's own schedules come out as written.
 */
function compose(race: RaceView, prefix: number[], order: number[]): number[] {
  let cut = Math.max(0, order.length - 1);
  while (cut > 0 && order[cut - 1]! < order[cut]!) cut--;
  const out = [...prefix];
  for (const k of order.slice(0, cut))
    out.push(...new Array<number>(turnsToFinish(race, k)).fill(k));
  return out.slice(0, LIMITS.maxSchedule);
}

const ORDINAL = ['', '', 'second ', 'third ', 'fourth ', 'fifth '];

/** Named by the turn's last kernel function (the one it ends in), counted if it repeats. */
function turnName(race: RaceView, turnIndex: number): string {
  const t = race.turns[turnIndex]!;
  const fn = t.fns.at(-1) ?? `turn ${turnIndex + 1}`;
  const n = race.turns.filter(
    (u) => u.thread === t.thread && u.index <= turnIndex && u.fns.at(-1) === fn,
  ).length;
  return `${ORDINAL[n] ?? `${n}th `}${fn}`;
}

/** The same schedule, entry by entry. */
export const sameSchedule = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A short list of schedules to try, from the run on screen: each thread first, then the others;
 * and for each turn of T1, each other thread running right after it. `recorded` (by default the
 * schedule the document gives) is marked, or added as "As recorded" if none of them is it.
 */
export function namedInterleavings(
  race: RaceView,
  recorded: readonly number[] = race.written ?? race.schedule,
): NamedInterleaving[] {
  const all = race.threads.map((t) => t.index);
  const list: NamedInterleaving[] = [];
  for (const k of all) {
    const order = [k, ...all.filter((x) => x !== k)];
    const name = `${threadName(k)} first, ${order
      .slice(1)
      .map((x) => `then ${threadName(x)}`)
      .join(', ')}`;
    list.push({ name, schedule: compose(race, [], order) });
  }
  const t1 = race.threads[0]!;
  t1.turns.forEach((turn, j) => {
    // After T1's last turn is "T1 first" by another name, or, if the kernel halted in it, a
    // run that never happens.
    if (j === t1.turns.length - 1) return;
    const prefix = new Array<number>(j + 1).fill(0);
    for (const k of all.slice(1)) {
      const order = [k, ...all.filter((x) => x !== k)];
      const name = `${threadName(k)} runs after T1's ${turnName(race, turn)}`;
      list.push({ name, schedule: compose(race, prefix, order) });
    }
  });
  const unique = list.filter(
    (x, i) => list.findIndex((y) => sameSchedule(x.schedule, y.schedule)) === i,
  );
  const mine = unique.find((x) => sameSchedule(x.schedule, recorded));
  if (mine)
    return unique.map((x) =>
      x === mine ? { ...x, name: `${x.name} (as recorded)`, recorded: true } : x,
    );
  return [{ name: 'As recorded', schedule: [...recorded], recorded: true }, ...unique];
}

/** "Run `thread` here instead": the effective schedule's first `turn` turns, then `thread`. */
export function rescheduleAt(race: RaceView, turn: number, thread: number): number[] {
  return [...race.schedule.slice(0, turn), thread].slice(0, LIMITS.maxSchedule);
}

/** A copy of `doc` whose step `stepIndex` (a race) has `schedule`; everything else is shared. */
export function withSchedule(
  doc: ScenarioDoc,
  stepIndex: number,
  schedule: readonly number[],
): ScenarioDoc {
  const step = doc.steps[stepIndex];
  if (step?.op !== 'race') throw new Error(`step ${stepIndex} is not a race`);
  return {
    ...doc,
    steps: doc.steps.map((s, i) => (i === stepIndex ? { ...s, schedule: [...schedule] } : s)),
  };
}
