// hmm.anon_read — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_read):
// pages 0 and 1 untouched, the rest = i; mprotect(PROT_READ); a CPU read of page 1 maps the zero
// page; the device READ returns ret 0, cpages == npages, faults == 1, zeros then i.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_read ($variant)', ({ device, memory }) => {
  test('device read faults once and sees zeros then i', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 2, count: NPAGES - 2, values: iota(NPAGES - 2, 2) },
          { op: 'mprotect', proc: 'T', page: 0, count: NPAGES, prot: 'r' },
          { op: 'cpu.read', proc: 'T', page: 1, count: 1 },
          { op: 'dev.read', mirror: 'fd', page: 0, count: NPAGES },
        ],
      ),
    );
    expect(res(t, 5).data).toEqual([0]);
    const r = res(t, 6);
    expect(r.ret).toBe(0);
    expect(r.cpages).toBe(NPAGES);
    expect(r.faults).toBe(1);
    expect(r.data).toEqual([0, 0, ...iota(NPAGES - 2, 2)]);
  });
});
