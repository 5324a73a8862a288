/**
 * The record an op machine keeps while it runs the kernel's phases one by one: the world so far,
 * the micro-steps and invariant violations the phases produced, and the merging of micro-steps
 * the engine does for long ops (Tx.beginCoalesce / endCoalesce), reproduced here so that a
 * machine and applyStep() produce the same timeline.
 *
 * Why merging lives here too: applyStep() runs a whole op in one transaction and merges, say,
 * every 64-page chunk after the first into one summary micro-step. A machine runs each phase in
 * its own transaction (the public phase functions of src/engine/phases.ts), so it must do that
 * merging itself: while merging, phases run with invariant checks off (as the engine skips
 * per-micro-step checks while coalescing) and the summary micro-step is checked once, on the
 * union of what changed, exactly as Tx.record() does.
 */
import {
  checkChanged,
  checkWorld,
  isEmptyChanges,
  kernelFile,
  kernelLink,
  type ApplyResult,
  type Changes,
  type EngineConfig,
  type FrameCopy,
  type MicroStep,
  type MirrorChange,
  type PhaseResult,
  type PteChange,
  type Violation,
  type World,
} from '../engine/index';

/** A violation found by a phase, located by the index of the op's micro-step it belongs to. */
export interface LocalViolation {
  readonly microstep: number;
  readonly v: Violation;
}

/** Micro-steps being merged into one summary (see {@link beginMerge}). */
export interface Merging {
  /** The world's real configuration; phases run under `quiet` while merging. */
  readonly config: EngineConfig;
  readonly quiet: EngineConfig;
  /** What each merged micro-step changed, in order. */
  readonly changes: readonly Changes[];
  /** How many kernel steps were merged (Tx's `coalesced` counter). */
  readonly count: number;
  /** The page copies the merged micro-steps made (Tx keeps them for the summary). */
  readonly copies?: readonly FrameCopy[];
}

export interface PhaseLog {
  readonly world: World;
  readonly microsteps: readonly MicroStep[];
  readonly violations: readonly LocalViolation[];
  readonly merging: Merging | null;
}

/** An empty log starting at `world`. */
export function startLog(world: World): PhaseLog {
  return { world, microsteps: [], violations: [], merging: null };
}

/** Runs one engine phase function on the log's world and records what it produced. */
export function runIn<T>(
  log: PhaseLog,
  phase: (world: World) => PhaseResult<T>,
): { log: PhaseLog; value: T } {
  const m = log.merging;
  if (m === null) {
    const r = phase(log.world);
    const base = log.microsteps.length;
    return {
      value: r.value,
      log: {
        world: r.world,
        microsteps: r.microsteps.length > 0 ? [...log.microsteps, ...r.microsteps] : log.microsteps,
        violations:
          r.violations.length > 0
            ? [
                ...log.violations,
                ...r.violations.map((x) => ({ microstep: base + x.microstep, v: x.v })),
              ]
            : log.violations,
        merging: null,
      },
    };
  }
  const r = phase({ ...log.world, config: m.quiet });
  let count = m.count;
  for (const ms of r.microsteps) count += ms.coalesced;
  return {
    value: r.value,
    log: {
      ...log,
      world: { ...r.world, config: m.config },
      merging: {
        ...m,
        count,
        changes: [...m.changes, ...r.microsteps.map((ms) => ms.changed)],
        copies: [...(m.copies ?? []), ...r.microsteps.flatMap((ms) => ms.copies ?? [])],
      },
    },
  };
}

/** Appends a whole op run by applyStep() (a concurrent CPU op) to the log. */
export function appendApplied(log: PhaseLog, r: ApplyResult): PhaseLog {
  const base = log.microsteps.length;
  return {
    ...log,
    world: r.world,
    microsteps: [...log.microsteps, ...r.microsteps],
    violations: [
      ...log.violations,
      ...r.violations.map(({ id, message, detail, microstep }) => ({
        microstep: base + microstep,
        v: { id, message, detail },
      })),
    ],
  };
}

/** Tx.beginCoalesce(): the next micro-steps are merged until {@link endMerge}. */
export function beginMerge(log: PhaseLog): PhaseLog {
  if (log.merging !== null) return log;
  const config = log.world.config;
  const quiet: EngineConfig = { ...config, invariantChecks: 'off' };
  return { ...log, merging: { config, quiet, changes: [], count: 0 } };
}

/** Whether micro-steps are being merged. */
export function isMerging(log: PhaseLog): boolean {
  return log.merging !== null;
}

/**
 * Tx.endCoalesce(): records one summary micro-step for everything merged (if anything
 * happened), checked as Tx.record() checks a micro-step.
 */
export function endMerge(
  log: PhaseLog,
  fn: string,
  phase: string,
  narration: (merged: number) => string,
): PhaseLog {
  const m = log.merging;
  if (m === null) return log;
  const changed = mergeChanges(m.changes);
  if (m.count === 0 && isEmptyChanges(changed)) return { ...log, merging: null };
  const index = log.microsteps.length;
  const step: MicroStep = {
    phase,
    fn,
    file: kernelFile(fn),
    src: kernelLink(fn, log.world.config.api),
    narration: narration(m.count),
    changed,
    world: log.world,
    coalesced: Math.max(1, m.count),
    ...(m.copies !== undefined && m.copies.length > 0 ? { copies: m.copies } : {}),
  };
  const mode = m.config.invariantChecks;
  const found =
    mode === 'off'
      ? []
      : mode === 'full'
        ? checkWorld(log.world)
        : checkChanged(log.world, changed);
  return {
    world: log.world,
    microsteps: [...log.microsteps, step],
    violations: [...log.violations, ...found.map((v) => ({ microstep: index, v }))],
    merging: null,
  };
}

/** The union of several change sets, in first-change order (what one Tx would accumulate). */
export function mergeChanges(list: readonly Changes[]): Changes {
  const ptes = new Map<string, Set<number>>();
  const frames = new Set<number>();
  const devices = new Set<string>();
  const mirrors = new Map<string, { pages: Set<number>; seq: boolean }>();
  const procs = new Set<string>();
  for (const c of list) {
    for (const { proc, pages } of c.ptes) {
      let s = ptes.get(proc);
      if (s === undefined) ptes.set(proc, (s = new Set()));
      for (const p of pages) s.add(p);
    }
    for (const f of c.frames) frames.add(f);
    for (const d of c.devices) devices.add(d);
    for (const { mirror, pages, seq } of c.mirrors) {
      let e = mirrors.get(mirror);
      if (e === undefined) mirrors.set(mirror, (e = { pages: new Set(), seq: false }));
      for (const p of pages) e.pages.add(p);
      e.seq ||= seq;
    }
    for (const p of c.procs) procs.add(p);
  }
  return {
    ptes: [...ptes].map(([proc, pages]): PteChange => ({ proc, pages: [...pages] })),
    frames: [...frames],
    devices: [...devices],
    mirrors: [...mirrors].map(([mirror, e]): MirrorChange => ({
      mirror,
      pages: [...e.pages],
      seq: e.seq,
    })),
    procs: [...procs],
  };
}
