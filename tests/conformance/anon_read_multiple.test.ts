// hmm.anon_read_multiple — tools/testing/selftests/mm/hmm-tests.c
// TEST_F(hmm, anon_read_multiple): NTIMES times, a new buffer with i + c; the device READ gives
// ret 0, cpages == npages, faults == 1 and the data written. The library document writes i in
// round 0 and c to every page in round c (a shorter share link): round 0 checks every page's
// place, the later rounds that no read sees an earlier round's data.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-read-multiple.json';
import {
  HMM_VARIANTS,
  NPAGES,
  indicesOf,
  iota,
  librarySelftest,
  res,
  run,
  variantOf,
} from './selftest';

const NTIMES = 10;

describe.each(HMM_VARIANTS)('hmm.anon_read_multiple ($variant)', ({ memory }) => {
  test(`${NTIMES} reads of fresh buffers each fault once`, () => {
    const d = variantOf(librarySelftest(lib, 'hmm.anon_read_multiple'), memory);
    const reads = indicesOf(d, 'dev.read');
    expect(reads).toHaveLength(NTIMES);
    expect(indicesOf(d, 'munmap')).toEqual(reads.map((i) => i + 1)); // hmm_buffer_free
    const t = run(d);
    reads.forEach((index, c) => {
      expect(res(t, index)).toMatchObject({
        ret: 0,
        cpages: NPAGES,
        faults: 1,
        data: c === 0 ? iota(NPAGES) : new Array(NPAGES).fill(c),
      });
    });
  });
});
