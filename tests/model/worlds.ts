/** Small worlds for the model-based tests, set up with the engine's own createWorld + applyStep. */
import {
  DEFAULT_CONFIG,
  applyStep,
  createWorld,
  type EngineConfig,
  type MachineSpec,
  type Step,
  type World,
} from '../../src/engine/index';

export const MACHINE: MachineSpec = {
  systemPages: 16,
  devices: [
    { name: 'dev0', memory: 'private', pages: 8 },
    { name: 'dev1', memory: 'private', pages: 8 },
    { name: 'coh0', memory: 'coherent', pages: 8 },
  ],
};

/** Runs `steps` from the machine's initial world; throws if a step fails or violates. */
export function build(
  steps: readonly Step[],
  machine: MachineSpec = MACHINE,
  config: EngineConfig = DEFAULT_CONFIG,
): World {
  let w = createWorld(machine, config);
  steps.forEach((s, i) => {
    const r = applyStep(w, s, i);
    if (r.result.ret !== 0) throw new Error(`setup step ${i} (${s.op}) returned ${r.result.ret}`);
    if (r.violations.length > 0) throw new Error(`setup step ${i}: ${r.violations[0]?.detail}`);
    w = r.world;
  });
  return w;
}

/** Process A, mirror m on `device`, `count` writable pages holding 10, 11, … */
export function pages(
  count: number,
  device = 'dev0',
  machine: MachineSpec = MACHINE,
  config: EngineConfig = DEFAULT_CONFIG,
): World {
  return build(
    [
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count, prot: 'rw' },
      {
        op: 'cpu.write',
        proc: 'A',
        page: 0,
        count,
        values: Array.from({ length: count }, (_, i) => 10 + i),
      },
      { op: 'mirror.open', proc: 'A', device, as: 'm' },
    ],
    machine,
    config,
  );
}

/** More steps on top of a world. */
export function after(world: World, steps: readonly Step[]): World {
  let w = world;
  steps.forEach((s, i) => {
    const r = applyStep(w, s, i);
    if (r.result.ret !== 0) throw new Error(`step ${i} (${s.op}) returned ${r.result.ret}`);
    w = r.world;
  });
  return w;
}

/** The state value and nothing else (machines without loops). */
export const valueOnly = (s: { value: unknown }) => [s.value];
