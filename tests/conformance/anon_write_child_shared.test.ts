// hmm.anon_write_child_shared — tools/testing/selftests/mm/hmm-tests.c
// TEST_F(hmm, anon_write_child_shared): MAP_SHARED|MAP_ANONYMOUS, init i, fork. The child sees
// i, its device-0 mirror WRITEs -i (ret 0, cpages == npages, faults == 1), it sees -i; the
// parent then sees -i too: a shared mapping is not copied on write.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-write-child-shared.json';
import { forkVariant } from './forkDocs';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run } from './selftest';

const neg = iota(NPAGES).map((i) => 0 - i);

describe.each(HMM_VARIANTS)('hmm.anon_write_child_shared ($variant)', ({ memory }) => {
  test('the parent sees what the child’s device wrote', () => {
    const t = run(forkVariant(librarySelftest(lib, 'hmm.anon_write_child_shared'), memory));
    expect(res(t, 4)).toMatchObject({ op: 'fork', ret: 0 });
    expect(res(t, 5)).toMatchObject({ ret: 0, data: iota(NPAGES) });
    expect(res(t, 7)).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, 8)).toMatchObject({ ret: 0, data: neg });
    expect(res(t, 9)).toMatchObject({ op: 'exit', ret: 0 });
    expect(res(t, 10)).toMatchObject({ ret: 0, data: neg });
    // The shmem pages survive the child: the parent's mapping and the page cache hold them.
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(t.final.frames[p.frame]).toMatchObject({ refcount: 2, mapcount: 1 });
    }
  });
});
