// hmm.hmm_gup_test — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, hmm_gup_test):
// 4 pages, init i, MIGRATE_TO_DEV (cpages 4, mirror == i); then one gup_test ioctl per page,
// all with FOLL_WRITE, each releasing its pages before it returns: page 0 GUP_BASIC_TEST
// (get_user_pages), page 1 GUP_FAST_BENCHMARK (get_user_pages_fast), page 2 PIN_FAST_BENCHMARK
// with FOLL_LONGTERM, page 3 PIN_LONGTERM_BENCHMARK; every ioctl returns 0. SNAPSHOT: cpages 4;
// coherent: m[0], m[1] == DEV_COHERENT_LOCAL | WRITE (0x42), private: WRITE (GUP faulted them
// back); both: m[2], m[3] == WRITE (long-term pins force migration to system memory); ptr == i.
// GUP-fast follows the slow path's rules here (the FIX_GUP_FAST_LONGTERM kernel).
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-hmm-gup-test.json';
import { HMM_VARIANTS, iota, librarySelftest, res, run, variantOf } from './selftest';

const N = 4;

describe.each(HMM_VARIANTS)('hmm.hmm_gup_test ($variant)', ({ device, memory }) => {
  test('GUP faults device-private pages back; long-term pins migrate every device page', () => {
    // Steps 5–12: gup.get, gup.get, gup.pin (longterm), gup.pin (longterm) of pages 0–3, each
    // followed by its gup.unpin.
    const t = run(variantOf(librarySelftest(lib, 'hmm.hmm_gup_test'), memory));
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: N, data: iota(N) });
    for (let i = 5; i <= 12; i++) expect(res(t, i).ret, `step ${i}`).toBe(0);
    const m = memory === 'coherent' ? 0x42 : 0x02;
    expect(res(t, 13)).toMatchObject({ ret: 0, cpages: N, prot: [m, m, 0x02, 0x02] });
    expect(res(t, 14)).toMatchObject({ ret: 0, data: iota(N) });
    // Every pin and reference was released: nothing is pinned, device memory holds only what
    // plain GUP left there (coherent pages 0 and 1).
    for (const f of Object.values(t.final.frames)) expect(f.pincount).toBe(0);
    expect(t.final.devices[device]?.usedPages).toBe(memory === 'coherent' ? 2 : 0);
  });
});
