// hmm.open_close — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, open_close): the fixture
// opens /dev/hmm_dmirrorN (≥ 0) and closes it (== 0).
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, doc, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.open_close ($variant)', ({ device, memory }) => {
  test('open returns 0 and close returns 0', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mirror.close', mirror: 'fd' },
        ],
      ),
    );
    expect(res(t, 1).ret).toBe(0);
    expect(res(t, 2).ret).toBe(0);
    expect(t.final.mirrors).toEqual({});
  });
});
