/**
 * Helpers for the conformance tests: the kernel's own HMM selftests
 * (tools/testing/selftests/mm/hmm-tests.c) written as scenario documents and run through
 * runScenario. Sizes are scaled down (HMM_BUFFER_SIZE is 1024 pages there); assertions are not.
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

/** A scenario document with one or two devices of the variant's memory type. */
export function doc(
  devices: readonly { name: string; memory: 'private' | 'coherent' }[],
  steps: S[],
  systemPages = 4 * NPAGES,
): ScenarioDoc {
  const raw = {
    format: 'hmm-lab/scenario@1',
    title: 'selftest',
    machine: { systemPages, devices: devices.map((d) => ({ ...d, pages: 2 * NPAGES })) },
    steps,
  };
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.doc;
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
