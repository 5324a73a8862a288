// hmm.anon_write_child — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write_child),
// the non-THP loops (migrate ∈ {0, 1}): init i (and MIGRATE_TO_DEV); fork. The child sees i,
// opens device 0 and WRITEs -i (ret 0, cpages == npages, faults == 1) and sees -i; the parent's
// buffer still holds i (copy-on-write isolated the child's writes).
import { describe, expect, test } from 'vitest';
import { anonWriteChild } from './forkDocs';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

const neg = iota(NPAGES).map((i) => -i);

describe.each(HMM_VARIANTS)('hmm.anon_write_child ($variant)', ({ device, memory }) => {
  test.each([0, 1])('migrate = %i', (migrate) => {
    const d = anonWriteChild(device, memory, migrate === 1);
    const t = run(doc(d.devices, d.steps));
    const at = d.steps.length - 7; // the fork
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
