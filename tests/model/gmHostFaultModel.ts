/**
 * The model-based tests of the GMEM machines (gm_dev_fault and the host fault): small GMEM
 * worlds set up with the engine's own createWorld + applyStep (worlds.ts's build), and a runner
 * that walks each machine with xstate/graph and holds every run to applyStep()'s answer.
 */
import { expect } from 'vitest';
import { type AnyStateMachine, createActor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  DEFAULT_CONFIG,
  applyStep,
  checkWorld,
  type EngineConfig,
  type GmMapping,
  type MachineSpec,
  type MicroStep,
  type PhasedOp,
  type Step,
  type Violation,
  type World,
} from '../../src/engine/index';
import type { OpInput, OpOutput } from '../../src/machines/opTypes';
import { machineForStep } from '../../src/machines/runOp';
import { type Snap, transitions } from './opModel';
import { build } from './worlds';

/** One GMEM device of two chunks (8 pages), CONFIG_GMEM booted with gmem=on. */
export const GM_MACHINE: MachineSpec = {
  systemPages: 32,
  devices: [{ name: 'npu0', memory: 'private', pages: 8, driver: 'gmem' }],
  kernel: { gmem: true },
};

/** P1 with a peer-shared rw mapping of chunks c0 and c1 (pages 0…7). */
export const PEER_MMAP: readonly Step[] = [
  { op: 'spawn', proc: 'P1' },
  { op: 'mmap', proc: 'P1', page: 0, count: 8, prot: 'rw', peer: true },
];

/** npu0 created, its memory registered, as0 attached to P1 with ctx0 current. */
export const GM_SETUP: readonly Step[] = [
  ...PEER_MMAP,
  { op: 'gm.dev-create', device: 'npu0', cap: ['REPLAYABLE'] },
  { op: 'gm.dev-register-physmem', device: 'npu0', page: 0, count: 8 },
  { op: 'gm.as-create', as: 'as0', page: 0, count: 1024 },
  { op: 'gm.as-attach', as: 'as0', device: 'npu0', proc: 'P1', mode: 'COHERENT_EXCLUSIVE' },
];

export const devFault = (page: number, hint?: 'MARK_HOT'): Step => ({
  op: 'gm.dev-fault',
  proc: 'P1',
  device: 'npu0',
  page,
  ...(hint !== undefined ? { hint } : {}),
});

export const cpuWrite = (page: number, count = 4, first = 11): Step => ({
  op: 'cpu.write',
  proc: 'P1',
  page,
  count,
  values: Array.from({ length: count }, (_, i) => first + i),
});

export const cpuRead = (page: number, count = 4): Step => ({
  op: 'cpu.read',
  proc: 'P1',
  page,
  count,
});

/** The driver's callbacks return `ret` from now on (gm.mmu). */
export const mmu = (what: 'peer_map' | 'peer_unmap', ret: string): Step =>
  ({ op: 'gm.mmu', device: 'npu0', [what]: ret }) as Step;

/** The GMEM world after GM_SETUP and `steps` (each must succeed without a violation). */
export function gmWorld(
  steps: readonly Step[] = [],
  machine: MachineSpec = GM_MACHINE,
  config: EngineConfig = DEFAULT_CONFIG,
): World {
  return build([...GM_SETUP, ...steps], machine, config);
}

/** `world` with chunk `chunk` of P1's logical page table set to `m` (a state no op reaches). */
export function withMapping(world: World, chunk: number, m: GmMapping): World {
  const g = world.gmem;
  const obj = g?.vmObjs.P1;
  if (g === undefined || obj === undefined) throw new Error('P1 has no vm_object');
  return {
    ...world,
    gmem: { ...g, vmObjs: { ...g.vmObjs, P1: { ...obj, lpt: { ...obj.lpt, [chunk]: m } } } },
  };
}

/** A machine run to compare with applyStep: a world and a step the chooser gives `machine`. */
export interface GmCase {
  readonly name: string;
  readonly world: World;
  readonly step: Step;
  /** The kernel's bug (B14) breaks invariants here: applyStep reports them, so must the machine. */
  readonly buggy?: boolean;
  /** The input world breaks invariants on purpose (a state no op reaches): only new ones count. */
  readonly synthetic?: boolean;
}

export interface GmRun {
  /** States reached, by key. */
  readonly states: Set<string>;
  /** Transitions taken, as `source->target` (xstate's microstep inspection). */
  readonly edges: Set<string>;
  readonly paths: number;
}

/** What a micro-step shows (the comparison the brief asks for, with readable failures). */
export const shown = (m: MicroStep) => ({
  fn: m.fn,
  phase: m.phase,
  narration: m.narration,
  changed: m.changed,
  coalesced: m.coalesced,
});

/**
 * Explores each case with xstate/graph (every state `op.step` reaches), replays every path on a
 * live actor, and compares each finished run with the engine's applyStep() on the same input:
 * result, micro-steps, violations and the final world. A case without violations must also keep
 * every intermediate world clean (checkWorld after each phase).
 */
export function exploreGm(machine: AnyStateMachine, cases: readonly GmCase[]): GmRun {
  const names = transitions(machine);
  const states = new Set<string>();
  const edges = new Set<string>();
  let count = 0;
  for (const c of cases) {
    expect(machineForStep(c.world, c.step), `${c.name}: the chooser`).toBe(machine);
    const input: OpInput = { world: c.world, step: c.step, index: 0 };
    const want = applyStep(c.world, c.step, 0);
    expect(want.violations.length > 0, `${c.name}: buggy`).toBe(c.buggy === true);
    const paths = getShortestPaths(machine, {
      input,
      events: [{ type: 'op.step' }],
      serializeState: (s) => JSON.stringify([s.value, s.status]),
    });
    expect(paths.length, c.name).toBeGreaterThan(1);
    let finished = 0;
    for (const path of paths) {
      count++;
      const seen: object[] = [];
      const actor = createActor(machine, {
        input,
        inspect: (ev) => {
          if (ev.type === '@xstate.microstep')
            seen.push(...((ev as unknown as { _transitions: object[] })._transitions ?? []));
        },
      });
      actor.start();
      const key = (v: Violation) => `${v.id}|${v.detail}`;
      const baseline = new Set(c.synthetic === true ? checkWorld(c.world).map(key) : []);
      const visit = () => {
        const snap = actor.getSnapshot() as unknown as Snap;
        states.add(String(snap.value));
        const found = checkWorld(snap.context.world).filter((v) => !baseline.has(key(v)));
        if (c.buggy !== true) expect(found, `${c.name}: ${String(snap.value)}`).toEqual([]);
        return snap;
      };
      visit();
      for (const s of path.steps) {
        if (s.event.type.startsWith('xstate.')) continue;
        actor.send(s.event as never);
        expect(visit().value, c.name).toEqual(s.state.value);
      }
      for (const t of seen) {
        const n = names.get(t);
        if (n !== undefined) edges.add(n.replace(/ -op\.step\[\d+\]-> /, '->'));
      }
      const end = actor.getSnapshot() as unknown as Snap;
      if (end.status === 'done') {
        finished++;
        const got = end.output as OpOutput;
        expect(got.result, `${c.name}: result`).toEqual(want.result);
        expect(got.microsteps.map(shown), `${c.name}: micro-steps`).toEqual(
          want.microsteps.map(shown),
        );
        expect(got.violations, `${c.name}: violations`).toEqual(want.violations);
        expect(got.world, `${c.name}: world`).toEqual(want.world);
      }
      actor.stop();
    }
    expect(finished, `${c.name}: a path to a final state`).toBe(1);
  }
  return { states, edges, paths: count };
}

/** Every edge of the phase table (`phase->next`): each branch of the kernel function. */
export function tableEdges(op: PhasedOp<never, unknown>): string[] {
  return Object.entries(op.phases).flatMap(([p, def]) => def.to.map((t) => `${p}->${t}`));
}
