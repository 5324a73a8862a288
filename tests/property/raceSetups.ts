/**
 * The races the property tests interleave (issue 7): each a short prefix that sets the scene,
 * the racing threads, and — for a bug — the kernel toggle that opens the window.
 */
import type { KernelSpec, ScenarioDoc, Step, SupportedStep } from '../../src/engine/index';

export interface RaceSetup {
  readonly name: string;
  readonly prefix: readonly Step[];
  readonly threads: readonly SupportedStep[];
  /** The toggle whose absence some interleaving exposes (none: the race is benign). */
  readonly bug?: KernelSpec;
}

const MACHINE = {
  systemPages: 16,
  devices: [{ name: 'dev0', memory: 'private' as const, pages: 8 }],
};

const scene: Step[] = [
  { op: 'spawn', proc: 'A' },
  { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
  { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'gpu0' },
  { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 42 },
];
const onDevice: Step[] = [...scene, { op: 'dev.migrate', mirror: 'gpu0', page: 0, count: 1 }];

export const RACES: readonly RaceSetup[] = [
  {
    name: 'B1: a CPU fault on a device page vs the driver migrating it back',
    prefix: onDevice,
    threads: [
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
      { op: 'dev.migrate-back', mirror: 'gpu0', page: 0, count: 1 },
    ],
    bug: { fixes: { FIX_FAULT_PAGE_REF: false } },
  },
  {
    name: 'B1 (store): a CPU write fault vs the driver migrating it back',
    prefix: onDevice,
    threads: [
      { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 7 },
      { op: 'dev.migrate-back', mirror: 'gpu0', page: 0, count: 1 },
    ],
    bug: { fixes: { FIX_FAULT_PAGE_REF: false } },
  },
  {
    name: 'B1: a CPU fault on a device page vs the device being removed',
    prefix: onDevice,
    threads: [
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
      { op: 'dev.release', device: 'dev0' },
    ],
    bug: { fixes: { FIX_FAULT_PAGE_REF: false } },
  },
  {
    name: 'S2: a device fault vs munmap',
    prefix: scene,
    threads: [
      { op: 'dev.read', mirror: 'gpu0', page: 0, count: 1 },
      { op: 'munmap', proc: 'A', page: 0, count: 1 },
    ],
    bug: { fixes: { FIX_MIRROR_READ_RETRY: false } },
  },
  {
    name: 'a device write fault vs mprotect read-only',
    prefix: scene,
    threads: [
      { op: 'dev.write', mirror: 'gpu0', page: 0, count: 2, value: 5 },
      { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'r' },
    ],
  },
  {
    name: 'three threads: a CPU fault, a migration back and an munmap',
    prefix: onDevice,
    threads: [
      { op: 'cpu.read', proc: 'A', page: 0, count: 1 },
      { op: 'dev.migrate-back', mirror: 'gpu0', page: 0, count: 1 },
      { op: 'munmap', proc: 'A', page: 1, count: 1 },
    ],
  },
];

/** The scenario of one race under `kernel` with `schedule`. */
export function raceDoc(
  r: RaceSetup,
  schedule: readonly number[],
  kernel?: KernelSpec,
): ScenarioDoc {
  return {
    format: 'hmm-lab/scenario@1',
    title: r.name,
    machine: kernel === undefined ? MACHINE : { ...MACHINE, kernel },
    steps: [...r.prefix, { op: 'race', threads: r.threads, schedule }],
  };
}
