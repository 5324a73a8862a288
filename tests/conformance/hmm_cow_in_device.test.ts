// hmm.hmm_cow_in_device — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, hmm_cow_in_device):
// init i; MIGRATE_TO_DEV (cpages 4); fork; the parent writes i to every page (a device-private
// page is first migrated back to system memory for both processes, then copied on write; a
// coherent page is copied directly); the child is killed; SNAPSHOT: every byte is
// HMM_DMIRROR_PROT_WRITE (0x02), plain writable system pages owned by the parent.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-hmm-cow-in-device.json';
import { forkVariant } from './forkDocs';
import { HMM_VARIANTS, iota, librarySelftest, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.hmm_cow_in_device ($variant)', ({ device, memory }) => {
  test('the parent ends with its own writable system pages', () => {
    const t = run(forkVariant(librarySelftest(lib, 'hmm.hmm_cow_in_device'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: 4, data: iota(4) });
    expect(res(t, 5)).toMatchObject({ ret: 0 });
    expect(res(t, 6)).toMatchObject({ ret: 0 });
    expect(res(t, 7)).toMatchObject({ ret: 0 });
    expect(res(t, 8)).toMatchObject({ ret: 0, cpages: 4, prot: [0x02, 0x02, 0x02, 0x02] });
    // Nothing is left in device memory: the child's references died with it.
    expect(t.final.devices[device]).toMatchObject({ usedPages: 0, pgmapRefcount: 1 });
    const ptes = Object.values(t.final.processes.T?.ptes ?? {});
    expect(ptes).toHaveLength(4);
    for (const p of ptes) expect(p).toMatchObject({ kind: 'present', write: true });
    for (const p of ptes)
      expect(t.final.frames[p.frame]).toMatchObject({ refcount: 1, mapcount: 1 });
    expect(t.final.processes.C?.alive).toBe(false);
  });
});
