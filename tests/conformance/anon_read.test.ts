// hmm.anon_read — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_read):
// pages 0 and 1 untouched, the rest = i; mprotect(PROT_READ); a CPU read of page 1 maps the zero
// page; the device READ returns ret 0, cpages == npages, faults == 1, zeros then i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-read.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_read ($variant)', ({ memory }) => {
  test('device read faults once and sees zeros then i', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.anon_read'), memory));
    expect(res(t, 5).data).toEqual([0]);
    const r = res(t, 6);
    expect(r.ret).toBe(0);
    expect(r.cpages).toBe(NPAGES);
    expect(r.faults).toBe(1);
    expect(r.data).toEqual([0, 0, ...iota(NPAGES - 2, 2)]);
  });
});
