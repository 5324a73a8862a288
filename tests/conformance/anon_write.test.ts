// hmm.anon_write — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write):
// the device WRITEs i into untouched anonymous memory: ret 0, cpages == npages, faults == 1,
// and the CPU then reads i.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_write ($variant)', ({ device, memory }) => {
  test('device write faults once and the CPU sees the data', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'dev.write', mirror: 'fd', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'cpu.read', proc: 'T', page: 0, count: NPAGES },
        ],
      ),
    );
    const r = res(t, 3);
    expect(r).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, 4).data).toEqual(iota(NPAGES));
  });
});
