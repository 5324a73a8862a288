// hmm2.migrate_mixed — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm2, migrate_mixed):
// 6 pages PROT_NONE: migrating them is -EINVAL; after punching a hole at page 1, migrating 3
// pages is still -EINVAL; page 2 = zero page (read), page 3 read-only with data, pages 4–5
// read-write with data: migrating pages 2–5 to device 1 gives cpages 4; migrating page 5 to
// device 0 gives -ENOENT because it lives on device 1.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm2-migrate-mixed.json';
import { HMM2_VARIANTS, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM2_VARIANTS)('hmm2.migrate_mixed ($variant)', ({ memory }) => {
  test('protected, missing, zero, read-only and writable pages', () => {
    // Steps 4, 6, 14 and 15 migrate; step 8 is the CPU read of page 2 (val = *ptr + 3 == 3).
    const t = run(variantOf(librarySelftest(lib, 'hmm2.migrate_mixed'), memory));
    expect(res(t, 4)).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect(res(t, 6)).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect((res(t, 8).data?.[0] ?? NaN) + 3).toBe(3);
    expect(res(t, 14)).toMatchObject({ ret: 0, cpages: 4, data: [0, 3, 3, 3] });
    expect(res(t, 15)).toMatchObject({ ret: -2, errno: 'ENOENT' });
  });
});
