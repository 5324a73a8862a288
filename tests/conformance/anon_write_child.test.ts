// hmm.anon_write_child — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write_child),
// the non-THP loops (migrate ∈ {0, 1}): init i (and MIGRATE_TO_DEV); fork. The child sees i,
// opens device 0 and WRITEs -i (ret 0, cpages == npages, faults == 1) and sees -i; the parent's
// buffer still holds i (copy-on-write isolated the child's writes). The library document is the
// migrate = 1 round; migrate = 0 is the same document without its migration step.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-anon-write-child.json';
import { forkVariant, withoutMigration } from './forkDocs';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run } from './selftest';

const neg = iota(NPAGES).map((i) => 0 - i);

describe.each(HMM_VARIANTS)('hmm.anon_write_child ($variant)', ({ memory }) => {
  test.each([0, 1])('migrate = %i', (migrate) => {
    const d = forkVariant(librarySelftest(lib, 'hmm.anon_write_child'), memory);
    const t = run(migrate === 1 ? d : withoutMigration(d));
    const at = t.results.length - 7; // the fork
    expect(at).toBe(4 + migrate);
    if (migrate === 1) expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES });
    expect(res(t, at)).toMatchObject({ op: 'fork', ret: 0 });
    expect(res(t, at + 1)).toMatchObject({ ret: 0, data: iota(NPAGES) });
    expect(res(t, at + 2)).toMatchObject({ ret: 0 });
    expect(res(t, at + 3)).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, at + 4)).toMatchObject({ ret: 0, data: neg });
    expect(res(t, at + 5)).toMatchObject({ op: 'exit', ret: 0 });
    expect(res(t, at + 6)).toMatchObject({ ret: 0, data: iota(NPAGES) });
    // Every page the child copied was freed with it: the parent's pages are its own again.
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(t.final.frames[p.frame]).toMatchObject({ refcount: 1, mapcount: 1 });
    }
  });
});
