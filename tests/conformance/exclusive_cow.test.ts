// hmm.exclusive_cow — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, exclusive_cow):
// init i; HMM_DMIRROR_EXCLUSIVE (ret 0, cpages == npages); fork(). Child and parent each do
// ptr[i]++ checking ptr[i] == i, then ptr == i + 1: fork restored the device-exclusive entries
// (copy_nonpresent_pte → restore_exclusive_pte) and copy-on-write keeps the two apart.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-exclusive-cow.json';
import { forkVariant } from './forkDocs';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, stepsOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.exclusive_cow ($variant)', ({ memory }) => {
  test('fork restores exclusive entries; each process then sees i, then i + 1', () => {
    // Steps 6–8: the child reads, increments, reads again; 9: it exits; 10–12: the parent.
    const d = forkVariant(librarySelftest(lib, 'hmm.exclusive_cow'), memory);
    const t = run(d);
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5).ret).toBe(0);
    for (const [proc, read, write, reread] of [
      ['C', 6, 7, 8],
      ['T', 10, 11, 12],
    ] as const) {
      const steps = stepsOf(d);
      expect([steps[read], steps[write], steps[reread]]).toMatchObject([
        { op: 'cpu.read', proc },
        { op: 'cpu.write', proc },
        { op: 'cpu.read', proc },
      ]);
      expect(res(t, read)).toMatchObject({ ret: 0, data: iota(NPAGES) });
      expect(res(t, write).ret).toBe(0);
      expect(res(t, reread)).toMatchObject({ ret: 0, data: iota(NPAGES, 1) });
    }
    expect(res(t, 9).ret).toBe(0);
  });
});
