// hmm2.double_map — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm2, double_map): 6 pages
// init i, mprotect(PROT_READ); READ through device 0 then device 1 (each ret 0, cpages 6,
// faults 1, data i); migrate to device 1 (cpages 6); READ through device 0 again: ret 0,
// cpages 6, faults 1, data i (private pages are faulted back from device 1; coherent pages are
// read in place).
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm2-double-map.json';
import { HMM2_VARIANTS, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM2_VARIANTS)('hmm2.double_map ($variant)', ({ device1, memory }) => {
  test('two devices read the same memory, then one migrates it', () => {
    // Steps 6 and 7 read through fd0 and fd1, 8 migrates to device 1, 9 reads through fd0.
    const t = run(variantOf(librarySelftest(lib, 'hmm2.double_map'), memory));
    for (const i of [6, 7, 9])
      expect(res(t, i)).toMatchObject({ ret: 0, cpages: 6, faults: 1, data: iota(6) });
    expect(res(t, 8)).toMatchObject({ ret: 0, cpages: 6 });
    const where = memory === 'private' ? 'sys:' : `${device1}:`;
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(p.kind).toBe('present');
      expect(p.frame.startsWith(where)).toBe(true);
    }
  });
});
