// hmm.hmm_gup_test — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, hmm_gup_test):
// 4 pages, init i, MIGRATE_TO_DEV (cpages 4, mirror == i); then one gup_test ioctl per page,
// all with FOLL_WRITE, each releasing its pages before it returns: page 0 GUP_BASIC_TEST
// (get_user_pages), page 1 GUP_FAST_BENCHMARK (get_user_pages_fast), page 2 PIN_FAST_BENCHMARK
// with FOLL_LONGTERM, page 3 PIN_LONGTERM_BENCHMARK; every ioctl returns 0. SNAPSHOT: cpages 4;
// coherent: m[0], m[1] == DEV_COHERENT_LOCAL | WRITE (0x42), private: WRITE (GUP faulted them
// back); both: m[2], m[3] == WRITE (long-term pins force migration to system memory); ptr == i.
// GUP-fast follows the slow path's rules here (the FIX_GUP_FAST_LONGTERM kernel).
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, type S, doc, iota, res, run } from './selftest';

const N = 4;

describe.each(HMM_VARIANTS)('hmm.hmm_gup_test ($variant)', ({ device, memory }) => {
  test('GUP faults device-private pages back; long-term pins migrate every device page', () => {
    const gup = (op: string, page: number, longterm: boolean): S[] => [
      { op, proc: 'T', page, count: 1, write: true, ...(longterm ? { longterm } : {}), as: 'g' },
      { op: 'gup.unpin', pin: 'g' },
    ];
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: N, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 0, count: N, values: iota(N) },
          { op: 'dev.migrate', mirror: 'fd', page: 0, count: N },
          ...gup('gup.get', 0, false),
          ...gup('gup.get', 1, false),
          ...gup('gup.pin', 2, true),
          ...gup('gup.pin', 3, true),
          { op: 'dev.snapshot', mirror: 'fd', page: 0, count: N },
          { op: 'cpu.read', proc: 'T', page: 0, count: N },
        ],
      ),
    );
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
