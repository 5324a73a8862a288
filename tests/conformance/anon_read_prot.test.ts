// hmm.anon_read_prot — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_read_prot):
// init i; mprotect(PROT_NONE); the device READ fails with -EFAULT and copies nothing out;
// after mprotect(PROT_READ) the CPU still reads i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-read-prot.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_read_prot ($variant)', ({ memory }) => {
  test('reading a PROT_NONE range is -EFAULT and changes nothing', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.anon_read_prot'), memory));
    const r = res(t, 5);
    expect(r.ret).toBe(-14);
    expect(r.errno).toBe('EFAULT');
    // "no copy-out on error": the mirror buffer (−i in the selftest) is untouched.
    expect(r.data).toBeUndefined();
    expect(r.cpages).toBeUndefined();
    expect(res(t, 7).data).toEqual(iota(NPAGES));
  });
});
