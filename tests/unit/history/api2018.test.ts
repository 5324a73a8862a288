/**
 * The 2018 API generation (machine.kernel.api = "2018"; seed 001): the driver's own pfn format,
 * hmm_vma_get_pfns / hmm_vma_range_done, and the retry when a range goes invalid in flight.
 */
import { describe, expect, test } from 'vitest';
import {
  DMIRROR_2018_FLAGS,
  entryBits,
  flagNames,
  hmmPfnFlagOnly,
  hmmPfnFromPfn,
  hmmPfnToPfn,
} from '../../../src/engine/api2018/encoding';
import type { ScenarioDoc } from '../../../src/engine/index';
import { runScenarioWithMachines } from '../../../src/machines/runScenarioMachines';
import { LIBRARY } from '../../../src/scenarios/library/index';

const doc = (id: string) => LIBRARY.find((e) => e.id === id)!.doc;
const on2018 = (d: ScenarioDoc): ScenarioDoc => ({
  ...d,
  machine: { ...d.machine, kernel: { ...d.machine.kernel, api: '2018' } },
});

describe("the driver's pfn format (range->flags, pfn_shift)", () => {
  test('an entry is (pfn << 6) | flags, and decodes back', () => {
    const e = hmmPfnFromPfn(5, 'WRITE');
    expect(e).toBe((5 << 6) | DMIRROR_2018_FLAGS.VALID | DMIRROR_2018_FLAGS.WRITE);
    expect(hmmPfnToPfn(e)).toBe(5);
    expect(flagNames(e)).toEqual(['VALID', 'WRITE']);
    expect(entryBits(e)).toBe('0b101_000011');
  });
  test('without VALID there is no pfn (hmm_pfn_to_pfn → -1)', () => {
    expect(hmmPfnToPfn(hmmPfnFlagOnly('NONE'))).toBe(-1);
    expect(hmmPfnToPfn(hmmPfnFlagOnly('ERROR'))).toBe(-1);
  });
});

describe('dev.snapshot on the 2018 API', () => {
  test('S1 gives the same bytes as today, through get_pfns and range_done', () => {
    const t = runScenarioWithMachines(doc('s1-2018-snapshot-api'));
    expect(t.violations).toEqual([]);
    expect(t.results.at(-1)?.prot).toEqual([0x02, 0x01, 0x00, 0x11]);
  });

  test('every selftest snapshot without another device gives the bytes of today', () => {
    const docs = LIBRARY.filter(
      (e) => e.doc.steps.some((s) => s.op === 'dev.snapshot') && e.doc.machine.devices.length === 1,
    );
    expect(docs.length).toBeGreaterThan(2);
    for (const e of docs) {
      const today = runScenarioWithMachines(e.doc).results.map((r) => r.prot ?? null);
      const then = runScenarioWithMachines(on2018(e.doc)).results.map((r) => r.prot ?? null);
      expect(then, e.id).toEqual(today);
    }
  });

  test('2018 reported device-private pages of every device (no dev_private_owner yet)', () => {
    const e = LIBRARY.find((x) => x.id === 'selftest-hmm2-snapshot');
    if (e === undefined) throw new Error('no hmm2 snapshot selftest');
    const today = runScenarioWithMachines(e.doc).results.flatMap((r) => r.prot ?? []);
    const then = runScenarioWithMachines(on2018(e.doc)).results.flatMap((r) => r.prot ?? []);
    // Where today says "not valid" for another device's private page, 2018 said REMOTE (0x3x).
    const differ = today.map((b, i) => [b, then[i]]).filter(([a, b]) => a !== b);
    expect(differ.length).toBeGreaterThan(0);
    for (const [a, b] of differ) {
      expect(a).toBe(0x00);
      expect((b ?? 0) & 0xf0).toBe(0x30);
    }
  });

  test('a range invalidated in flight: hmm_vma_range_done says false, the driver starts again', () => {
    const t = runScenarioWithMachines(doc('s2-2018-range-done'));
    expect(t.violations).toEqual([]);
    const race = t.results.at(-1)!;
    expect(race.turns).toEqual([0, 1, 0, 0, 0, 0]);
    // Page 0 is gone by the second walk: ERROR (no VMA), the rest as before.
    expect(race.threads?.[0]?.prot).toEqual([0xff, 0x01, 0x00, 0x11]);
  });
});
