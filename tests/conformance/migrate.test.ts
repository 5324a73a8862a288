// hmm.migrate — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate):
// init i; MIGRATE_TO_DEV: ret 0, cpages == npages, and the device read back i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-migrate.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.migrate ($variant)', ({ device, memory }) => {
  test('migrates every page and reads them back', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.migrate'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    // Every page now lives in the device's memory (device-private entries or coherent PTEs).
    const ptes = Object.values(t.final.processes.T?.ptes ?? {});
    expect(ptes).toHaveLength(NPAGES);
    for (const p of ptes) {
      expect(p.frame.startsWith(`${device}:`)).toBe(true);
      expect(p.kind).toBe(memory === 'private' ? 'device-private' : 'present');
    }
  });
});
