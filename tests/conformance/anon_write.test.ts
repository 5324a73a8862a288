// hmm.anon_write — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write):
// the device WRITEs i into untouched anonymous memory: ret 0, cpages == npages, faults == 1,
// and the CPU then reads i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-write.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_write ($variant)', ({ memory }) => {
  test('device write faults once and the CPU sees the data', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.anon_write'), memory));
    const r = res(t, 3);
    expect(r).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, 4).data).toEqual(iota(NPAGES));
  });
});
