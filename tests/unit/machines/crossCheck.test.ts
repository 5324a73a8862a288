/**
 * The machine layer against the engine: every op run through its xstate machine, phase by
 * phase, must give what applyStep() gives — the result, the violations, every micro-step
 * (kernel function, phase, narration, changes, merging) and the world — and a whole scenario
 * through scenarioMachine must give runScenario()'s trace.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  createWorld,
  runScenario,
  type ApplyResult,
  type EngineConfig,
  type MicroStep,
  type ScenarioDoc,
} from '../../../src/engine/index';
import { runOpMachine } from '../../../src/machines/runOp';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { CROSS_DOCS } from './crossCheckDocs';
import { docArbitrary } from '../../property/docArbitrary';

/** A micro-step without its world (compared separately, once per step). */
const shape = (m: MicroStep) => ({ ...m, world: undefined });

function compareStep(a: ApplyResult, b: ApplyResult, where: string): void {
  expect(b.result, `${where}: result`).toEqual(a.result);
  expect(b.violations, `${where}: violations`).toEqual(a.violations);
  expect(b.microsteps.map(shape), `${where}: micro-steps`).toEqual(a.microsteps.map(shape));
  expect(JSON.stringify(b.world), `${where}: world`).toBe(JSON.stringify(a.world));
  const last = b.microsteps[b.microsteps.length - 1];
  if (last !== undefined) expect(JSON.stringify(last.world)).toBe(JSON.stringify(b.world));
}

/** Step by step from the same worlds, then the whole trace. */
function crossCheck(doc: ScenarioDoc, config: EngineConfig = DEFAULT_CONFIG): void {
  let world = createWorld(doc.machine, config);
  doc.steps.forEach((step, i) => {
    const a = applyStep(world, step, i);
    const b = runOpMachine(world, step, i);
    compareStep(a, b, `step ${i} (${step.op})`);
    world = a.world;
  });
  const ta = runScenario(doc, { config });
  const tb = runScenarioWithMachines(doc, { config });
  expect(tb.results).toEqual(ta.results);
  expect(tb.final).toEqual(ta.final);
  expect(tb.violations).toEqual(ta.violations);
  expect(tb.microsteps).toBe(ta.microsteps);
  expect(JSON.stringify(tb)).toBe(JSON.stringify(ta));
}

describe('op machines ⇄ engine (fixed documents)', () => {
  test.each(CROSS_DOCS.map((d) => [d.name, d] as const))('%s', (_, d) => {
    crossCheck(d.doc, d.config);
  });

  test('the documents reach every op and the error returns of each', () => {
    const seen = new Set<string>();
    for (const d of CROSS_DOCS) {
      for (const r of runScenario(d.doc, { config: d.config ?? DEFAULT_CONFIG }).results) {
        seen.add(`${r.op} ${r.errno ?? 'ok'}${r.signal ? ` ${r.signal}` : ''}`);
      }
    }
    for (const want of [
      'spawn ok',
      'spawn EEXIST',
      'mmap ok',
      'munmap ok',
      'mprotect ok',
      'cpu.read ok',
      'cpu.write ok',
      'cpu.read EFAULT SIGBUS',
      'cpu.read EFAULT SIGSEGV',
      'cpu.write EFAULT SIGSEGV',
      'exit ok',
      'no.such-op ENOSYS',
      'fork ok',
      'fork ESRCH',
      'fork EEXIST',
      'mirror.open ok',
      'mirror.open EEXIST',
      'mirror.open ENOENT',
      'mirror.open ESRCH',
      'mirror.close ok',
      'mirror.close EBADF',
      'dev.read ok',
      'dev.read EBADF',
      'dev.read EFAULT',
      'dev.write ok',
      'dev.write EBADF',
      'dev.write EPERM',
      'dev.write EFAULT',
      'dev.write EBUSY',
      'dev.migrate ok',
      'dev.migrate EBADF',
      'dev.migrate EINVAL',
      'dev.migrate ENOENT',
      'dev.migrate-back ok',
      'dev.migrate-back EBADF',
      'dev.migrate-back EINVAL',
      'dev.snapshot ok',
      'dev.snapshot EBADF',
      'dev.release ok',
      'dev.release ENOENT',
      'dev.release ENOMEM',
      'gup.get ok',
      'gup.get ESRCH',
      'gup.get EEXIST',
      'gup.get EFAULT',
      'gup.pin ok',
      'gup.pin EFAULT',
      'gup.pin EBUSY',
      'gup.unpin ok',
      'gup.unpin EINVAL',
      'dev.exclusive ok',
      'dev.exclusive EBADF',
      'dev.exclusive EFAULT',
      'dev.exclusive EOPNOTSUPP',
      'dev.check-exclusive ok',
      'dev.check-exclusive EPERM',
      'dev.check-exclusive EBADF',
    ]) {
      expect(seen, want).toContain(want);
    }
  });
});

describe('op machines ⇄ engine (random documents)', () => {
  test('small address spaces: a few hundred runs', () => {
    fc.assert(
      fc.property(docArbitrary(24, 8, 40), (doc) => crossCheck(doc)),
      { numRuns: 300 },
    );
  });

  test('large ranges: chunks and windows merge', () => {
    fc.assert(
      fc.property(docArbitrary(150, 150, 16), (doc) => crossCheck(doc)),
      { numRuns: 60 },
    );
  });

  test('full checks after every micro-step, one detailed step per op', () => {
    const config: EngineConfig = { ...DEFAULT_CONFIG, invariantChecks: 'full', detailBudget: 1 };
    fc.assert(
      fc.property(docArbitrary(80, 80, 16), (doc) => crossCheck(doc, config)),
      { numRuns: 60 },
    );
  });
});
