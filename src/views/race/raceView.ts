/**
 * What the interleaving control shows of a `race` step, read from the recorded timeline: the
 * threads, every turn of the effective schedule with the kernel functions it ran, and where the
 * frame on screen stands. Pure: built from frames (and, for labels, the document's steps).
 */
import { getPte, type KernelOutcome, type World } from '../../engine';
import { haltsKernel } from '../../engine/types';
import { formatStep, type StepOutline } from '../scenarioOutline';
import type { TimelineFrame } from '../timeline';

export interface RaceTurn {
  /** Index in the effective schedule. */
  index: number;
  /** Thread index (0 = T1). */
  thread: number;
  /** Kernel functions of the turn's micro-steps, in order (a repeat in a row shown once). */
  fns: string[];
  /** The buggy kernel broke in this turn. */
  outcome?: KernelOutcome;
}

export interface RaceThreadView {
  index: number;
  /** T1, T2, T3. */
  name: string;
  op: string;
  /** One line: `T1 cpu.read · A · page 0`. */
  label: string;
  /** The turns it ran in this run, in order. */
  turns: number[];
  /** It ran to its own end in this run (not cut short by a kernel that halted). */
  complete: boolean;
  /** Finished before the current turn: it cannot be chosen to run now. */
  finished: boolean;
  /**
   * The mirror whose driver mutex another thread holds as the current turn starts, so this
   * thread cannot run it (null if it can, or if the document's steps were not given).
   */
  waitsFor: string | null;
}

export interface RaceView {
  /** Index of the race step in the document. */
  step: number;
  threads: RaceThreadView[];
  /** The effective schedule: the thread of every turn taken (result `turns`). */
  schedule: number[];
  /** Every turn of the run, with its kernel functions. */
  turns: RaceTurn[];
  /** The turn the frame on screen belongs to. */
  currentTurn: number;
  /** The turns taken up to this frame (the current one included). */
  taken: RaceTurn[];
  /** The schedule the document gives this step, when its steps were passed to raceAt. */
  written?: number[];
}

/**
 * Mirrors whose driver mutex is held when turn `turn` starts, with the thread holding each: the
 * one whose turn took it (raceMachine's `holders`, read back from the recorded worlds).
 */
function locksAt(frames: readonly TimelineFrame[], first: number, turn: number) {
  const holders = new Map<string, number>();
  let prev = frames[first - 1]?.world;
  for (let i = first; i < frames.length; i++) {
    const f = frames[i]!;
    const t = f.microstep?.turn;
    if (f.step !== frames[first]!.step || t === undefined || t >= turn) break;
    for (const [name, m] of Object.entries(f.world.mirrors)) {
      if (!m.locked) holders.delete(name);
      else if (!prev?.mirrors[name]?.locked)
        holders.set(name, Number(f.microstep!.thread!.slice(1)) - 1);
    }
    prev = f.world;
  }
  return { holders, world: prev };
}

interface RaceOutline extends StepOutline {
  threads?: StepOutline[];
  schedule?: number[];
}

/**
 * The race the frame at `position` belongs to, or null if it belongs to no race (or to one that
 * did not run: a kernel that halted earlier). `steps` (the document's) gives each thread's
 * one-line label and the written schedule; without it a label is only the op.
 */
export function raceAt(
  frames: readonly TimelineFrame[],
  position: number,
  steps?: readonly StepOutline[],
): RaceView | null {
  const frame = frames[position];
  const turn = frame?.microstep?.turn;
  if (frame === undefined || turn === undefined) return null;
  const first = frames.findIndex((f) => f.step === frame.step);
  const own = frames.filter((f) => f.step === frame.step);
  const result = own.at(-1)?.result;
  if (result?.op !== 'race' || !result.turns || !result.threads) return null;

  const schedule = [...result.turns];
  const turns: RaceTurn[] = schedule.map((thread, index) => ({ index, thread, fns: [] }));
  for (const f of own) {
    const ms = f.microstep;
    const t = ms?.turn === undefined ? undefined : turns[ms.turn];
    if (!ms || !t) continue;
    if (t.fns.at(-1) !== ms.fn) t.fns.push(ms.fn);
    if (ms.outcome && !t.outcome) t.outcome = ms.outcome;
  }
  const halted = turns.find((t) => t.outcome && haltsKernel(t.outcome.kind));
  const outline = steps?.[frame.step] as RaceOutline | undefined;
  const locks = locksAt(frames, first, turn);
  // The same rule as raceMachine's isBlocked: a device thread on that mirror, or a CPU / mm
  // thread on its process, waits.
  const waitsFor = (k: number, spec: StepOutline | undefined): string | null => {
    if (!spec || !locks.world) return null;
    for (const [name, holder] of locks.holders) {
      const m = locks.world.mirrors[name];
      if (holder === k || !m) continue;
      if (typeof spec.mirror === 'string' ? spec.mirror === name : spec.proc === m.proc)
        return `${name}'s driver lock`;
    }
    return migrationWait(k, spec, locks.world, turns.slice(0, turn));
  };
  const threads = result.threads.map((r, index): RaceThreadView => {
    const mine = turns.filter((t) => t.thread === index).map((t) => t.index);
    const complete = r.notRun === undefined && halted?.thread !== index;
    const spec = outline?.op === 'race' ? outline.threads?.[index] : undefined;
    const name = `T${index + 1}`;
    return {
      index,
      name,
      op: r.op,
      label: `${name} ${spec ? formatStep(spec) : r.op}`,
      turns: mine,
      complete,
      finished: complete && (mine.at(-1) ?? -1) < turn,
      waitsFor: waitsFor(index, spec),
    };
  });
  const written = outline?.op === 'race' ? outline.schedule : undefined;
  return {
    step: frame.step,
    threads,
    schedule,
    turns,
    currentTurn: turn,
    taken: turns.slice(0, turn + 1),
    ...(Array.isArray(written) ? { written: [...written] } : {}),
  };
}

/**
 * raceMachine's migration_entry_wait rule: a CPU access or device fault whose page holds a
 * migration entry waits — unless it is the thread's own (between its collect and finalize).
 */
function migrationWait(
  k: number,
  spec: StepOutline,
  world: World,
  before: readonly RaceTurn[],
): string | null {
  const cpu = spec.op === 'cpu.read' || spec.op === 'cpu.write';
  if (!cpu && !['dev.read', 'dev.write', 'dev.snapshot'].includes(spec.op)) return null;
  const proc = typeof spec.proc === 'string' ? spec.proc : world.mirrors[String(spec.mirror)]?.proc;
  if (proc === undefined || typeof spec.page !== 'number') return null;
  const mine = before.filter((t) => t.thread === k).flatMap((t) => t.fns);
  const own =
    cpu && mine.lastIndexOf('migrate_vma_collect') > mine.lastIndexOf('migrate_vma_finalize');
  if (own) return null;
  const count = typeof spec.count === 'number' ? spec.count : 1;
  for (let p = spec.page; p < spec.page + count; p++)
    if (getPte(world, proc, p)?.kind === 'migration') return `the migration of page ${p} to end`;
  return null;
}
