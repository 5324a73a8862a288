/**
 * Helpers for the conformance tests: the kernel's own HMM selftests
 * (tools/testing/selftests/mm/hmm-tests.c) written as scenario documents and run through
 * runScenario. Sizes are scaled down (HMM_BUFFER_SIZE is 1024 pages there); assertions are not.
 *
 * Each selftest's steps live once, in the scenario library
 * (src/scenarios/library/selftest-<fixture>-<test>.json, the device-private variant): a test
 * imports that file, checks it with `librarySelftest`, and derives the device-coherent variant
 * with `variantOf`.
 */
import { expect } from 'vitest';
import { runScenario, type StepResult, type Trace } from '../../src/engine/index';
import type { ScenarioDoc } from '../../src/engine/trace';
import { validateScenario } from '../../src/scenarios/load';

/** FIXTURE_VARIANT(hmm): device 0 (private) or device 2 (coherent). */
export const HMM_VARIANTS = [
  { variant: 'hmm_device_private', device: 'dev0', memory: 'private' },
  { variant: 'hmm_device_coherent', device: 'dev2', memory: 'coherent' },
] as const;

/** FIXTURE_VARIANT(hmm2): devices 0 and 1 (private) or 2 and 3 (coherent). */
export const HMM2_VARIANTS = [
  { variant: 'hmm2_device_private', device0: 'dev0', device1: 'dev1', memory: 'private' },
  { variant: 'hmm2_device_coherent', device0: 'dev2', device1: 'dev3', memory: 'coherent' },
] as const;

/** Scaled HMM_BUFFER_SIZE: 128 pages (two test_hmm windows of 64) instead of 1024. */
export const NPAGES = 128;

export type S = Record<string, unknown> & { op: string };

export type Memory = 'private' | 'coherent';

/** Validates a raw document (an imported JSON file, an inline one); throws on any problem. */
export function validated(raw: unknown): ScenarioDoc {
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.doc;
}

/**
 * A selftest of the scenario library (an imported `selftest-*.json`): validated, and checked to
 * be the device-private variant of `selftest` (`hmm.migrate`, `hmm2.snapshot`).
 */
export function librarySelftest(raw: unknown, selftest: string): ScenarioDoc {
  const d = validated(raw);
  expect(d.about?.selftest).toBe(selftest);
  expect(d.machine.devices.every((x) => x.memory === 'private')).toBe(true);
  return d;
}

/** The steps of a document as plain records (to read `op`, `device`, `proc`, …). */
export function stepsOf(d: ScenarioDoc): S[] {
  return d.steps as unknown as S[];
}

/** Indices of the steps with operation `op`. */
export function indicesOf(d: ScenarioDoc, op: string): number[] {
  return stepsOf(d).flatMap((s, i) => (s.op === op ? [i] : []));
}

/**
 * Renames devices of `d` (machine and every step's `device`) per `map` and gives the renamed
 * ones memory `memory`. Steps for which `keep` is true keep their device; a kept device that was
 * renamed away is listed again, unchanged, after the renamed ones.
 */
export function renameDevices(
  d: ScenarioDoc,
  map: Readonly<Record<string, string>>,
  memory: Memory,
  keep: (step: S) => boolean = () => false,
): ScenarioDoc {
  const kept = new Set<string>();
  const steps = stepsOf(d).map((s) => {
    const dev = s.device;
    if (typeof dev !== 'string' || map[dev] === undefined) return s;
    if (keep(s)) {
      kept.add(dev);
      return s;
    }
    return { ...s, device: map[dev] };
  });
  const devices = d.machine.devices.map((x) =>
    map[x.name] === undefined ? x : { ...x, name: map[x.name] ?? x.name, memory },
  );
  for (const x of d.machine.devices) {
    if (kept.has(x.name) && !devices.some((y) => y.name === x.name)) devices.push(x);
  }
  return validated({ ...d, machine: { ...d.machine, devices }, steps });
}

/** FIXTURE_VARIANT: the coherent fixtures open devices 2 and 3 where the private ones open 0, 1. */
export const COHERENT_DEVICES: Readonly<Record<string, string>> = { dev0: 'dev2', dev1: 'dev3' };

/**
 * The fixture variant of a library selftest (written for the private variant): itself, or with
 * dev0 → dev2 and dev1 → dev3 as device-coherent memory. `keep` leaves some steps on their
 * device (the fork tests' child always opens device 0).
 */
export function variantOf(
  d: ScenarioDoc,
  memory: Memory,
  keep?: (step: S) => boolean,
): ScenarioDoc {
  return memory === 'private' ? d : renameDevices(d, COHERENT_DEVICES, memory, keep);
}

/** A scenario document with one or two devices of the variant's memory type. */
export function doc(
  devices: readonly { name: string; memory: 'private' | 'coherent' }[],
  steps: S[],
  systemPages = 4 * NPAGES,
): ScenarioDoc {
  return validated({
    format: 'hmm-lab/scenario@1',
    title: 'selftest',
    machine: { systemPages, devices: devices.map((d) => ({ ...d, pages: 2 * NPAGES })) },
    steps,
  });
}

/** Runs the document and asserts that no invariant was violated. */
export function run(d: ScenarioDoc): Trace {
  const t = runScenario(d);
  expect(t.violations).toEqual([]);
  return t;
}

/** `ptr[i] = i` for pages [from, to) of a buffer at `base`. */
export function iota(n: number, add = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + add);
}

/** The result of the step at `index`. */
export function res(t: Trace, index: number): StepResult {
  const r = t.results[index];
  if (r === undefined) throw new Error(`no step ${index}`);
  return r;
}
