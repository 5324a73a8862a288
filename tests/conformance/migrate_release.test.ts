// hmm.migrate_release — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate_release):
// init i; migrate (cpages == npages); HMM_DMIRROR_RELEASE returns 0; the CPU then reads i: the
// data survived the eviction of device memory.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-migrate-release.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.migrate_release ($variant)', ({ device, memory }) => {
  test('release evicts device memory and keeps the data', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.migrate_release'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5).ret).toBe(0);
    expect(res(t, 6)).toMatchObject({ ret: 0, data: iota(NPAGES / 2) });
    // Eviction left nothing in device memory and memunmap_pages completed.
    expect(t.final.devices[device]).toMatchObject({ pgmapRefcount: 0, usedPages: 0 });
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(p).toMatchObject({ kind: 'present', write: true });
      expect(p.frame.startsWith('sys:')).toBe(true);
    }
  });
});
