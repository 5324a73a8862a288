// hmm.anon_read_prot — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_read_prot):
// init i; mprotect(PROT_NONE); the device READ fails with -EFAULT and copies nothing out;
// after mprotect(PROT_READ) the CPU still reads i.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_read_prot ($variant)', ({ device, memory }) => {
  test('reading a PROT_NONE range is -EFAULT and changes nothing', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'mprotect', proc: 'T', page: 0, count: NPAGES, prot: 'none' },
          { op: 'dev.read', mirror: 'fd', page: 0, count: NPAGES },
          { op: 'mprotect', proc: 'T', page: 0, count: NPAGES, prot: 'r' },
          { op: 'cpu.read', proc: 'T', page: 0, count: NPAGES },
        ],
      ),
    );
    const r = res(t, 5);
    expect(r.ret).toBe(-14);
    expect(r.errno).toBe('EFAULT');
    // "no copy-out on error": the mirror buffer (−i in the selftest) is untouched.
    expect(r.data).toBeUndefined();
    expect(r.cpages).toBeUndefined();
    expect(res(t, 7).data).toEqual(iota(NPAGES));
  });
});
