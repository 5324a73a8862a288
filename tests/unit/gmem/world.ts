/**
 * Helpers for the GMEM tests (seed 003, domain.md §2.18): a machine with GMEM devices, the
 * driver-side set-up of gm_dev_create / register_physmem / gm_as_create / gm_as_attach, and a
 * session that applies steps one at a time so a test can look at every world in between.
 */
import { expect } from 'vitest';
import {
  type ApplyResult,
  type Frame,
  type GmMapping,
  type GmemState,
  type Pte,
  type Step,
  type World,
  applyStep,
  createWorld,
  pvecGet,
} from '../../../src/engine/index';
import type { ScenarioDoc } from '../../../src/engine/trace';
import { validateScenario } from '../../../src/scenarios/load';

export type S = Record<string, unknown> & { op: string };

/** A GMEM device of `pages` pages (8 = two chunks of HPAGE_PAGES 4). */
export function gmDevice(name: string, pages = 8, mmu?: Record<string, string>) {
  return {
    name,
    memory: 'private',
    pages,
    driver: 'gmem',
    ...(mmu !== undefined ? { mmu } : {}),
  };
}

export interface DocOptions {
  readonly devices?: readonly Record<string, unknown>[];
  readonly systemPages?: number;
  /** machine.kernel.gmem (gmem=on by default). */
  readonly gmem?: boolean;
}

/** Validates a GMEM document; throws with every error's path if it does not load. */
export function gmDoc(steps: readonly S[], o: DocOptions = {}): ScenarioDoc {
  const raw = {
    format: 'hmm-lab/scenario@1',
    title: 'gmem test',
    machine: {
      systemPages: o.systemPages ?? 32,
      devices: o.devices ?? [gmDevice('npu0')],
      kernel: { gmem: o.gmem ?? true },
    },
    steps,
  };
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.doc;
}

/**
 * The driver's set-up: P1 maps `chunks` peer-shared chunks from page 0 (if any), every device
 * is created, registers all its memory and is attached (activated) to address space as0 for P1.
 */
export function setupSteps(devices: readonly string[] = ['npu0'], chunks = 1, pages = 8): S[] {
  const s: S[] = [{ op: 'spawn', proc: 'P1' }];
  if (chunks > 0)
    s.push({ op: 'mmap', proc: 'P1', page: 0, count: 4 * chunks, prot: 'rw', peer: true });
  for (const d of devices) {
    s.push({ op: 'gm.dev-create', device: d });
    s.push({ op: 'gm.dev-register-physmem', device: d, page: 0, count: pages });
  }
  s.push({ op: 'gm.as-create', as: 'as0', page: 0, count: 1024 });
  for (const d of devices)
    s.push({ op: 'gm.as-attach', as: 'as0', device: d, proc: 'P1', mode: 'COHERENT_EXCLUSIVE' });
  return s;
}

/** Applies steps one by one and keeps every ApplyResult. */
export class Session {
  world: World;
  readonly applied: ApplyResult[] = [];

  constructor(doc: ScenarioDoc) {
    this.world = createWorld(doc.machine);
    for (const s of doc.steps) this.step(s as unknown as S);
  }

  step(s: S): ApplyResult {
    const r = applyStep(this.world, s as unknown as Step, this.applied.length);
    this.applied.push(r);
    this.world = r.world;
    return r;
  }

  /** Steps that must leave no violation. */
  clean(...steps: S[]): ApplyResult[] {
    return steps.map((s) => {
      const r = this.step(s);
      expect(r.violations.map((v) => `${v.id}: ${v.detail}`)).toEqual([]);
      return r;
    });
  }

  /** Replaces the world (a hand-made state the steps cannot reach). */
  edit(f: (w: World) => World): void {
    this.world = f(this.world);
  }
}

export function gm(w: World): GmemState {
  if (w.gmem === undefined) throw new Error('no GMEM in this world');
  return w.gmem;
}

export function mappingOf(w: World, chunk: number, proc = 'P1'): GmMapping | undefined {
  return gm(w).vmObjs[proc]?.lpt[chunk];
}

export function frameOf(w: World, i: number): Frame {
  const f = pvecGet(w.frames, i);
  if (f === null) throw new Error(`no frame ${i}`);
  return f;
}

export function pteOf(w: World, page: number, proc = 'P1'): Pte | null {
  const p = w.procs[proc];
  return p === undefined ? null : pvecGet(p.pt, page);
}

/** The system RAM free list, walked from its head. */
export function freeList(w: World): number[] {
  const out: number[] = [];
  for (let at = w.sysFreeHead; at >= 0 && out.length <= w.systemPages;) {
    out.push(at);
    at = frameOf(w, at).freeNext;
  }
  return out;
}

/** The values held by frames. */
export function valuesOf(w: World, frames: readonly number[]): number[] {
  return frames.map((f) => frameOf(w, f).value);
}

/** The distinct invariant ids a step reported. */
export function violationIds(r: ApplyResult): string[] {
  return [...new Set(r.violations.map((v) => v.id))].sort();
}

/** The device frames a context's page table maps for a chunk (the device's current context). */
export function pmapOf(w: World, device: string, chunk: number): readonly number[] | undefined {
  const g = gm(w);
  const ctx = g.devs[device]?.currentCtx;
  return ctx === null || ctx === undefined ? undefined : g.ctxs[ctx]?.pmap[chunk];
}

/** How many of a GMEM device's pages its driver has in use. */
export function usedCount(w: World, device: string): number {
  return (gm(w).devs[device]?.used ?? []).filter(Boolean).length;
}

/** Replaces one gm_mapping of P1 (hand-made worlds). */
export function withMapping(w: World, chunk: number, m: GmMapping, proc = 'P1'): World {
  const g = gm(w);
  const obj = g.vmObjs[proc];
  if (obj === undefined) throw new Error(`${proc} has no vm_object`);
  return {
    ...w,
    gmem: { ...g, vmObjs: { ...g.vmObjs, [proc]: { ...obj, lpt: { ...obj.lpt, [chunk]: m } } } },
  };
}
