// hmm.exclusive and hmm.exclusive_mprotect — tools/testing/selftests/mm/hmm-tests.c:
// exclusive: init i; HMM_DMIRROR_EXCLUSIVE (ret 0, cpages == npages, mirror == i); the CPU does
// ptr[i]++ over everything (each access restores a device-exclusive entry and revokes the
// device's atomic access); ptr == i + 1; HMM_DMIRROR_CHECK_EXCLUSIVE returns 0 (no ATOMIC entry
// left). exclusive_mprotect: init i; EXCLUSIVE (same checks); mprotect(PROT_READ); a device
// WRITE gives -EPERM.
import { describe, expect, test } from 'vitest';
import excl from '../../src/scenarios/library/selftest-hmm-exclusive.json';
import exclMprotect from '../../src/scenarios/library/selftest-hmm-exclusive-mprotect.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.exclusive ($variant)', ({ memory }) => {
  test('exclusive access, then CPU accesses revoke it', () => {
    const t = run(variantOf(librarySelftest(excl, 'hmm.exclusive'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5)).toMatchObject({ ret: 0, data: iota(NPAGES) });
    expect(res(t, 7)).toMatchObject({ ret: 0, data: iota(NPAGES, 1) });
    expect(res(t, 8)).toMatchObject({ ret: 0, errno: null });
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(p).toMatchObject({ kind: 'present', write: true });
    }
  });
});

describe.each(HMM_VARIANTS)('hmm.exclusive_mprotect ($variant)', ({ memory }) => {
  test('a device write after mprotect(PROT_READ) is -EPERM', () => {
    const t = run(variantOf(librarySelftest(exclMprotect, 'hmm.exclusive_mprotect'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5).ret).toBe(0);
    expect(res(t, 6)).toMatchObject({ ret: -1, errno: 'EPERM' });
    expect(res(t, 6).cpages).toBeUndefined();
  });
});
