/**
 * `race` (extension, issue 7): two or three threads — a CPU fault, a driver's migration, an
 * munmap, a device fault — whose kernel phases interleave on one shared world, in the order the
 * step's `schedule` gives (thread indices; past its end, the lowest runnable thread). Each
 * `op.step` runs one phase of one thread through that thread's own op machine (race/raceThread).
 *
 * Locks the model enforces between threads: a mirror's driver mutex, held from a successful
 * mmu_interval_read_retry until the device page table is updated, blocks every other thread that
 * would invalidate that mirror (an munmap, mprotect or CPU fault on its process: the notifier
 * callback takes the same mutex) and every other device thread on it. A scheduled turn for a
 * blocked or finished thread is skipped. A CPU access or device fault that meets another
 * thread's migration entry waits for that migration to end (migration_entry_wait). Page locks
 * are trylocks in the kernel, and the phases model them (do_swap_page retries, collect skips).
 */
import { assign, setup } from 'xstate';
import {
  checkAtRest,
  getPte,
  type LocatedViolation,
  type MicroStep,
  type RaceStep,
  type StepResult,
  type World,
} from '../../engine/index';
import type { OpEvent, OpInput, OpOutput } from '../opTypes';
import {
  type RaceThread,
  isDone,
  newThread,
  stepThread,
  threadLog,
  threadResult,
} from '../race/raceThread';

export interface RaceContext {
  readonly step: RaceStep;
  readonly index: number;
  readonly world: World;
  readonly threads: readonly RaceThread[];
  /** Next entry of `step.schedule` to honour. */
  readonly cursor: number;
  /** The thread of every turn taken so far (the effective schedule). */
  readonly turns: readonly number[];
  /** Which thread holds each mirror's driver mutex. */
  readonly holders: Readonly<Record<string, number>>;
  readonly microsteps: readonly MicroStep[];
  readonly violations: readonly LocatedViolation[];
}

function procOf(world: World, t: RaceThread): string | null {
  const s = t.step;
  if ('proc' in s) return s.proc;
  if ('mirror' in s) return world.mirrors[s.mirror]?.proc ?? null;
  return null;
}

/**
 * The CPU-fault machine's states from the moment its own migrate_vma_collect has put migration
 * entries in place until its finalize removes them: those entries are the thread's own.
 */
const OWN_MIGRATION = new Set([
  'migrateVmaCollect',
  'migrateVmaUnmap',
  'dmirrorDevmemFaultAllocAndCopy',
  'migrateVmaPages',
]);

/**
 * migration_entry_wait(): a CPU access, or hmm_range_fault for a device fault, that meets a
 * migration entry sleeps until the migration that put it there is over (then retries).
 */
function waitsOnMigration(c: RaceContext, t: RaceThread, proc: string | null): boolean {
  const s = t.step;
  if (proc === null || !('page' in s)) return false;
  const cpu = s.op === 'cpu.read' || s.op === 'cpu.write';
  const device = s.op === 'dev.read' || s.op === 'dev.write' || s.op === 'dev.snapshot';
  if (!cpu && !device) return false;
  if (cpu && t.snapshot !== null && OWN_MIGRATION.has(String(t.snapshot.value))) return false;
  for (let p = s.page; p < s.page + s.count; p++)
    if (getPte(c.world, proc, p)?.kind === 'migration') return true;
  return false;
}

/**
 * memunmap_pages() waits for the pgmap's references to drop: a device removal about to call it
 * waits while a page of the device is still in use and another thread may yet free it (a CPU
 * fault holding the page, say). With nobody left to free it, it runs — and hangs for good.
 */
function waitsInMemunmap(c: RaceContext, k: number, t: RaceThread): boolean {
  if (t.step.op !== 'dev.release' || t.snapshot === null) return false;
  const next = String(t.snapshot.value);
  if (
    next !== 'migrateDeviceFinalize' &&
    !(next === 'dmirrorDeviceRemoveChunks' && !c.world.config.fixes.evictOnRelease)
  )
    return false;
  const d = c.world.devices[t.step.device];
  if (d === undefined || d.pgmap === null || d.nrAllocated === 0) return false;
  return c.threads.some((o, i) => i !== k && !isDone(o));
}

/** Waiting for a driver mutex another thread holds, for another thread's migration, or in memunmap_pages. */
export function isBlocked(c: RaceContext, k: number): boolean {
  const t = c.threads[k] as RaceThread;
  const proc = procOf(c.world, t);
  if (waitsOnMigration(c, t, proc) || waitsInMemunmap(c, k, t)) return true;
  for (const [mirror, holder] of Object.entries(c.holders)) {
    if (holder === k) continue;
    const m = c.world.mirrors[mirror];
    if (m === undefined) continue;
    if ('mirror' in t.step ? t.step.mirror === mirror : m.proc === proc) return true;
  }
  return false;
}

export function runnable(c: RaceContext, k: number): boolean {
  const t = c.threads[k];
  return t !== undefined && !isDone(t) && !isBlocked(c, k);
}

/** The thread whose phase runs next, and where the schedule stands after it. */
function pick(c: RaceContext): { k: number; cursor: number } | null {
  const schedule = c.step.schedule ?? [];
  for (let i = c.cursor; i < schedule.length; i++) {
    const k = schedule[i] as number;
    if (runnable(c, k)) return { k, cursor: i + 1 };
  }
  for (let k = 0; k < c.threads.length; k++) {
    if (runnable(c, k)) return { k, cursor: schedule.length };
  }
  return null;
}

function advance(c: RaceContext): Partial<RaceContext> {
  const next = pick(c);
  if (next === null) throw new Error('race: every unfinished thread is blocked (deadlock)');
  const { k, cursor } = next;
  const t = visibleTurn(c.threads[k] as RaceThread, c.world);
  const log = threadLog(t);
  const turn = c.turns.length;
  const base = c.microsteps.length;
  const fresh = log.microsteps.slice(t.seen).map((m) => ({ ...m, thread: t.name, turn }));
  const violations = log.violations.slice(t.seenViolations).map(({ microstep, v }) => ({
    ...v,
    step: c.index,
    microstep: base + microstep - t.seen,
  }));
  const holders = { ...c.holders };
  for (const [name, m] of Object.entries(log.world.mirrors)) {
    if (m.locked && !c.world.mirrors[name]?.locked) holders[name] = k;
    if (!m.locked) delete holders[name];
  }
  const done = { ...t, seen: log.microsteps.length, seenViolations: log.violations.length };
  const threads = c.threads.map((x, i) => (i === k ? done : x));
  return {
    world: log.world,
    threads: threads.map((x) =>
      isDone(x) && x.result === null ? { ...x, result: threadResult(x, c.index) } : x,
    ),
    cursor,
    turns: [...c.turns, k],
    holders,
    microsteps: [...c.microsteps, ...fresh],
    violations: [...c.violations, ...violations],
  };
}

/**
 * One turn = the thread's phases up to the first that shows something (a phase without a
 * micro-step, such as an ioctl's argument checks, is not a point anyone could interleave at),
 * then, if all that is left is a silent move to its final state, that too.
 */
function visibleTurn(t0: RaceThread, world: World): RaceThread {
  let t = t0;
  const before = t.snapshot === null ? 0 : threadLog(t).microsteps.length;
  let shared = world;
  do {
    t = stepThread(t, shared);
    shared = threadLog(t).world;
  } while (!isDone(t) && threadLog(t).microsteps.length === before);
  if (!isDone(t)) {
    const peek = stepThread(t, threadLog(t).world);
    if (isDone(peek) && threadLog(peek).microsteps.length === threadLog(t).microsteps.length)
      return peek;
  }
  return t;
}

export const raceMachine = setup({
  types: {
    context: {} as RaceContext,
    events: {} as OpEvent,
    input: {} as OpInput<RaceStep>,
    output: {} as OpOutput,
  },
  guards: {
    finished: ({ context }) => context.threads.every(isDone) || context.world.halted !== null,
  },
  actions: {
    advance: assign(({ context }) => advance(context)),
  },
}).createMachine({
  id: 'race',
  context: ({ input }) => ({
    step: input.step,
    index: input.index ?? 0,
    world: input.world,
    threads: input.step.threads.map(newThread),
    cursor: 0,
    turns: [],
    holders: {},
    microsteps: [],
    violations: [],
  }),
  initial: 'interleave',
  states: {
    /** One phase of one thread per `op.step`, in the schedule's order. */
    interleave: {
      entry: 'advance',
      always: { guard: 'finished', target: 'done' },
      on: { 'op.step': { target: 'interleave', reenter: true } },
    },
    done: { type: 'final' },
  },
  output: ({ context: c }) => raceOutput(c),
});

/** The race's result: each thread's own, the turns taken, and the at-rest checks at the end. */
function raceOutput(c: RaceContext): OpOutput {
  const threads: StepResult[] = c.threads.map(
    (t) =>
      t.result ?? {
        step: c.index,
        op: t.step.op,
        ret: 0,
        errno: null,
        notRun: 'not run to the end: the kernel halted',
      },
  );
  const violations = [...c.violations];
  if (c.world.config.invariantChecks !== 'off' && c.world.halted === null) {
    for (const v of checkAtRest(c.world, c.microsteps))
      violations.push({ ...v, step: c.index, microstep: Math.max(0, c.microsteps.length - 1) });
  }
  const broke = c.microsteps.find((m) => m.outcome !== undefined)?.outcome;
  const result: StepResult = {
    step: c.index,
    op: 'race',
    ret: 0,
    errno: null,
    threads,
    turns: c.turns,
    ...(broke !== undefined ? { outcome: broke } : {}),
  };
  return { world: c.world, result, microsteps: c.microsteps, violations };
}

export type RaceMachine = typeof raceMachine;
