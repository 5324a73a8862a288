/**
 * `machine.kernel` and `race` in the document (docs/scenario-format.md "The kernel", "Races"):
 * what the loader accepts, what it refuses and where, and that links carry both.
 */
import { describe, expect, test } from 'vitest';
import { kernelConfig } from '../../../src/engine/index';
import { formatError, validateScenario } from '../../../src/scenarios/load';
import { decodeScenario, encodeScenario } from '../../../src/url/codec';
import s6 from '../../../src/scenarios/library/s6-fault-race-use-after-free.json';

const base = {
  format: 'hmm-lab/scenario@1',
  title: 't',
  machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm' },
  ],
};
const errors = (doc: unknown) => {
  const r = validateScenario(doc);
  return r.ok ? [] : r.errors.map(formatError);
};
const withKernel = (kernel: unknown, devices = base.machine.devices) => ({
  ...base,
  machine: { ...base.machine, devices, kernel },
});
const withRace = (race: object) => ({ ...base, steps: [...base.steps, { op: 'race', ...race }] });

describe('machine.kernel', () => {
  test('an era and toggles validate, and set the engine config', () => {
    expect(errors(withKernel({ era: 'ERA_B_NOBIAS_BROKEN' }))).toEqual([]);
    const c = kernelConfig({ era: 'ERA_B_NOBIAS_BROKEN', fixes: { FIX_MIRROR_READ_RETRY: false } });
    expect(c.era).toBe('ERA_B_NOBIAS_BROKEN');
    // ERA_B shipped without the 2022 series' fixes; the others stay on unless turned off.
    expect(c.fixes).toEqual({
      faultPageRef: false,
      faultPagePlumb: false,
      evictOnRelease: false,
      tryToMigrateKeepsWrite: true,
      mirrorReadRetry: false,
      tryToMigrateCoherent: true,
      gupFastLongterm: true,
      zeroPfnSelectSystem: true,
      vmNormalPageNonLru: true,
    });
  });
  test('unknown eras and toggles are refused at their path', () => {
    expect(errors(withKernel({ era: 'ERA_Z' }))[0]).toMatch(
      /^machine\.kernel\.era: expected one of/,
    );
    expect(errors(withKernel({ fixes: { FIX_NOPE: true } }))[0]).toMatch(
      /^machine\.kernel\.fixes: unknown field "FIX_NOPE"/,
    );
  });
  test('combinations no kernel had are refused', () => {
    expect(
      errors(withKernel({ era: 'ERA_B_NOBIAS_BROKEN', fixes: { FIX_EVICT_ON_RELEASE: true } })),
    ).toEqual([expect.stringMatching(/^machine\.kernel\.fixes\.FIX_EVICT_ON_RELEASE: .*ERA_C/)]);
    expect(
      errors(withKernel({ era: 'ERA_A_BIASED' }, [{ name: 'dev0', memory: 'coherent', pages: 2 }])),
    ).toEqual([expect.stringMatching(/^machine\.devices\[0\]\.memory: .*v6\.0/)]);
  });
});

describe('race', () => {
  const read = { op: 'cpu.read', proc: 'A', page: 0, count: 1 };
  const back = { op: 'dev.migrate-back', mirror: 'm', page: 0, count: 1 };
  test('two threads and a schedule validate', () => {
    expect(errors(withRace({ threads: [read, back], schedule: [0, 1, 1] }))).toEqual([]);
  });
  test('each problem names its path', () => {
    expect(errors(withRace({ threads: [read] }))[0]).toMatch(
      /^steps\[3\]\.threads: expected 2 or 3/,
    );
    expect(
      errors(withRace({ threads: [read, { op: 'dev.migrate', mirror: 'm', page: 0, count: 1 }] })),
    ).toEqual([
      expect.stringMatching(/^steps\[3\]\.threads\[1\]\.op: "dev\.migrate" cannot run in a race/),
    ]);
    expect(errors(withRace({ threads: [{ ...read, count: 2 }, back] }))).toEqual([
      'steps[3].threads[0].count: a racing CPU access touches one page (count 1)',
    ]);
    expect(errors(withRace({ threads: [read, back], schedule: [0, 2] }))).toEqual([
      'steps[3].schedule[1]: no thread 2 (threads are 0…1)',
    ]);
    expect(errors(withRace({ threads: [{ ...read, proc: 'B' }, back] }))).toEqual([
      'steps[3].threads[0].proc: unknown process "B" (no earlier spawn)',
    ]);
  });
});

test('a link carries the kernel and the race, and opens the same document', () => {
  const r = decodeScenario(encodeScenario(s6 as never));
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.doc.machine).toEqual(s6.machine);
  expect(r.doc.steps).toEqual(s6.steps);
});
