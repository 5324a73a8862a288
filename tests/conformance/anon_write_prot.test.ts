// hmm.anon_write_prot — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write_prot):
// PROT_READ memory: READ of 1 page (ret 0, cpages 1, faults 1, the zero page); WRITE is -EPERM
// and the CPU sees zeros; after mprotect(RW) the WRITE succeeds (cpages npages, faults 1: the
// zero pages are replaced by copy-on-write) and the CPU reads i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-write-prot.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_write_prot ($variant)', ({ memory }) => {
  test('write to read-only memory is -EPERM until mprotect(RW)', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.anon_write_prot'), memory));
    expect(res(t, 3)).toMatchObject({ ret: 0, cpages: 1, faults: 1, data: [0] });
    expect(res(t, 4)).toMatchObject({ ret: -1, errno: 'EPERM' });
    expect(res(t, 5).data).toEqual(new Array(NPAGES).fill(0));
    expect(res(t, 7)).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, 8).data).toEqual(iota(NPAGES));
  });
});
