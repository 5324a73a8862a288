/** Hand-built worlds for the unit tests: a machine plus a few steps run through applyStep. */
import {
  applyStep,
  createWorld,
  getFrame,
  getPte,
  type MachineSpec,
  type Step,
  type World,
} from '../../../src/engine/index';

export const MACHINE: MachineSpec = {
  systemPages: 16,
  devices: [
    { name: 'dev0', memory: 'private', pages: 8 },
    { name: 'dev1', memory: 'private', pages: 8 },
    { name: 'dev2', memory: 'coherent', pages: 8 },
  ],
};

/** Runs `steps` from the machine's initial world; throws if any step fails or violates. */
export function build(steps: Step[], machine: MachineSpec = MACHINE): World {
  let w = createWorld(machine);
  steps.forEach((s, i) => {
    const r = applyStep(w, s, i);
    if (r.result.ret !== 0) throw new Error(`setup step ${i} (${s.op}) returned ${r.result.ret}`);
    if (r.violations.length > 0) throw new Error(`setup step ${i}: ${r.violations[0]?.detail}`);
    w = r.world;
  });
  return w;
}

/** Process A with 4 writable pages holding 10, 11, 12, 13 and mirror m0 on `device`. */
export function fourPages(device = 'dev0'): World {
  return build([
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 4, values: [10, 11, 12, 13] },
    { op: 'mirror.open', proc: 'A', device, as: 'm0' },
  ]);
}

/** The PTE of A's page (throws if none). */
export function pte(w: World, page: number, proc = 'A') {
  const p = getPte(w, proc, page);
  if (p === null) throw new Error(`no PTE at ${proc}:${page}`);
  return p;
}

/** The frame A's page maps. */
export function frameAt(w: World, page: number, proc = 'A') {
  return getFrame(w, pte(w, page, proc).frame);
}
