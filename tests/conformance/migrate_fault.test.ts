// hmm.migrate_fault — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate_fault):
// init i; migrate (cpages == npages); the CPU reads the first half (a private variant faults
// those pages back to system memory); migrate the whole range again: ret 0, cpages == npages,
// and the device reads i.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-migrate-fault.json';
import { HMM_VARIANTS, NPAGES, iota, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.migrate_fault ($variant)', ({ device, memory }) => {
  test('a mix of system and device pages migrates again', () => {
    const half = NPAGES / 2;
    const t = run(variantOf(librarySelftest(lib, 'hmm.migrate_fault'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5)).toMatchObject({ ret: 0, data: iota(half) });
    expect(res(t, 6)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    if (memory === 'private') {
      // Reading faulted the first half back; the second migration moved it out again.
      expect(t.final.devices[device]?.usedPages).toBe(NPAGES);
    }
  });
});
