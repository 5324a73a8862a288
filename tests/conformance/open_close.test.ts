// hmm.open_close — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, open_close): the fixture
// opens /dev/hmm_dmirrorN (≥ 0) and closes it (== 0).
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-open-close.json';
import { HMM_VARIANTS, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.open_close ($variant)', ({ memory }) => {
  test('open returns 0 and close returns 0', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.open_close'), memory));
    expect(res(t, 1).ret).toBe(0);
    expect(res(t, 2).ret).toBe(0);
    expect(t.final.mirrors).toEqual({});
  });
});
