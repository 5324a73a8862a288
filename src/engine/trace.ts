/**
 * `runScenario(doc)` → the trace of scenario-format.md: every step's result, the final state
 * (processes' PTEs, frames in use, devices, mirrors), the micro-step count and the violations.
 */
import { applyStep } from './apply';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { createWorld } from './createWorld';
import { checkWorld } from './invariants';
import type { LocatedViolation } from './microstep';
import { isFreeDevicePage } from './mm/devmem';
import { pvecForEach } from './pvec';
import type { Step, StepResult } from './steps';
import type { KernelOutcome, World } from './types';
import { type MachineSpec, frameLabel } from './world';

/** A validated scenario document (see src/scenarios/schema.ts). */
export { SCENARIO_TOPICS, type ScenarioAbout, type ScenarioTopic } from './about';
import type { ScenarioAbout } from './about';

export interface ScenarioDoc {
  readonly format: 'hmm-lab/scenario@1';
  readonly title: string;
  readonly summary?: string;
  readonly about?: ScenarioAbout;
  readonly machine: MachineSpec;
  readonly steps: readonly Step[];
}

export interface TracePte {
  /** `hmm`: the 2015 API's special swap entry (its `frame` is the fake device page). */
  readonly kind: 'present' | 'device-private' | 'migration' | 'device-exclusive' | 'hmm';
  readonly write: boolean;
  readonly frame: string;
  readonly zero?: true;
}

export interface TraceFrame {
  readonly refcount: number;
  readonly mapcount: number;
  readonly pincount: number;
  readonly value: number;
}

export interface FinalState {
  readonly processes: Record<string, { alive: boolean; ptes: Record<string, TracePte> }>;
  readonly frames: Record<string, TraceFrame>;
  readonly devices: Record<
    string,
    { memory: string; pgmapRefcount: number; freePages: number; usedPages: number }
  >;
  readonly mirrors: Record<
    string,
    {
      device: string;
      proc: string;
      seq: number;
      entries: Record<string, { frame: string; access: string }>;
    }
  >;
  /** Extension: the kernel crashed, hung or livelocked (only then): what and why. */
  readonly halted?: KernelOutcome;
  /**
   * Extension: GMEM's state (only on a kernel with CONFIG_GMEM): each process's logical page
   * table by chunk, and each gm_dev's id, current context, nodes and the chunks its pages hold.
   */
  readonly gmem?: {
    readonly enabled: boolean;
    readonly lpt: Record<
      string,
      Record<string, { type: string; willneed?: true; on?: string; page?: string }>
    >;
    readonly devices: Record<
      string,
      { id: number; currentCtx: string | null; nodes: number[]; usedPages: number }
    >;
    readonly dma: number;
  };
  /** Extension: the GUP handles still held (only when there is one). */
  readonly gups?: Record<
    string,
    { proc: string; page: number; count: number; pin: boolean; longterm: boolean; frames: string[] }
  >;
}

export interface Trace {
  readonly format: 'hmm-lab/trace@1';
  readonly results: readonly StepResult[];
  readonly final: FinalState;
  readonly microsteps: number;
  readonly violations: readonly LocatedViolation[];
}

const KIND: Record<string, TracePte['kind']> = {
  present: 'present',
  devicePrivate: 'device-private',
  migration: 'migration',
  deviceExclusive: 'device-exclusive',
  hmm: 'hmm',
};

/** The `final` block of the trace for a world. */
export function finalState(world: World): FinalState {
  const processes: FinalState['processes'] = {};
  for (const [name, p] of Object.entries(world.procs)) {
    const ptes: Record<string, TracePte> = {};
    pvecForEach(p.pt, 0, Infinity, (page, pte) => {
      const e: TracePte = {
        kind: KIND[pte.kind] as TracePte['kind'],
        write: pte.write,
        frame: frameLabel(world, pte.frame),
        ...(pte.kind === 'present' && pte.zero ? { zero: true as const } : {}),
      };
      ptes[String(page)] = e;
    });
    processes[name] = { alive: p.alive, ptes };
  }
  const frames: FinalState['frames'] = {};
  pvecForEach(world.frames, 0, Infinity, (index, f) => {
    if (index === world.zeroFrame || isFreeDevicePage(world.config, f)) return;
    if (f.refcount > 0 || f.mapcount > 0 || f.pincount > 0) {
      frames[frameLabel(world, index)] = {
        refcount: f.refcount,
        mapcount: f.mapcount,
        pincount: f.pincount,
        value: f.value,
      };
    }
  });
  const devices: FinalState['devices'] = {};
  for (const name of world.deviceNames) {
    const d = world.devices[name];
    if (d === undefined) continue;
    devices[name] = {
      memory: d.memory,
      pgmapRefcount: d.pgmap?.refcount ?? 0,
      freePages: d.nrFree,
      usedPages: d.nrAllocated,
    };
  }
  const mirrors: FinalState['mirrors'] = {};
  for (const [name, m] of Object.entries(world.mirrors)) {
    const entries: Record<string, { frame: string; access: string }> = {};
    pvecForEach(m.pt, 0, Infinity, (page, e) => {
      entries[String(page)] = { frame: frameLabel(world, e.frame), access: e.access };
    });
    mirrors[name] = { device: m.device, proc: m.proc, seq: m.seq, entries };
  }
  const held = Object.values(world.gups);
  const halted = {
    ...(world.halted === null ? {} : { halted: world.halted }),
    ...(world.gmem === undefined ? {} : { gmem: gmemFinal(world) }),
  };
  if (held.length === 0) return { processes, frames, devices, mirrors, ...halted };
  const gups: NonNullable<FinalState['gups']> = {};
  for (const h of held) {
    gups[h.name] = {
      proc: h.proc,
      page: h.start,
      count: h.frames.length,
      pin: h.pin,
      longterm: h.longterm,
      frames: h.frames.map((f) => frameLabel(world, f)),
    };
  }
  return { processes, frames, devices, mirrors, gups, ...halted };
}

function gmemFinal(world: World): NonNullable<FinalState['gmem']> {
  const g = world.gmem;
  if (g === undefined) throw new Error('no GMEM');
  const lpt: NonNullable<FinalState['gmem']>['lpt'] = {};
  for (const [proc, obj] of Object.entries(g.vmObjs)) {
    const chunks: (typeof lpt)[string] = {};
    for (const [c, m] of Object.entries(obj.lpt)) {
      chunks[`c${c}`] = {
        type: m.flag,
        ...(m.willneed ? { willneed: true as const } : {}),
        ...(m.dev !== null ? { on: m.dev } : {}),
        ...(m.page !== null && m.page[0] !== undefined
          ? { page: frameLabel(world, m.page[0]) }
          : {}),
      };
    }
    lpt[proc] = chunks;
  }
  const devices: NonNullable<FinalState['gmem']>['devices'] = {};
  for (const d of Object.values(g.devs)) {
    devices[d.name] = {
      id: d.id,
      currentCtx: d.currentCtx,
      nodes: [...d.registeredHnodes],
      usedPages: d.used.filter(Boolean).length,
    };
  }
  return { enabled: g.enabled, lpt, devices, dma: g.dma.length };
}

export interface RunOptions {
  readonly config?: EngineConfig;
  /** Called with each step's micro-steps (e.g. to keep them); the trace only counts them. */
  readonly onStep?: (r: ReturnType<typeof applyStep>) => void;
}

/** Runs a whole scenario from the machine's initial world. Deterministic. */
export function runScenario(doc: ScenarioDoc, options: RunOptions = {}): Trace {
  let world = createWorld(doc.machine, options.config ?? DEFAULT_CONFIG);
  const results: StepResult[] = [];
  const violations: LocatedViolation[] = [];
  let microsteps = 0;
  doc.steps.forEach((step, i) => {
    const r = applyStep(world, step, i);
    world = r.world;
    results.push(r.result);
    violations.push(...r.violations);
    microsteps += r.microsteps.length;
    options.onStep?.(r);
  });
  // A final full check at rest catches anything the local checks could not see.
  if (world.config.invariantChecks !== 'off') {
    const seen = new Set(violations.map((v) => `${v.id}|${v.detail}`));
    for (const v of checkWorld(world, true)) {
      if (!seen.has(`${v.id}|${v.detail}`))
        violations.push({ ...v, step: doc.steps.length - 1, microstep: -1 });
    }
  }
  return { format: 'hmm-lab/trace@1', results, final: finalState(world), microsteps, violations };
}
