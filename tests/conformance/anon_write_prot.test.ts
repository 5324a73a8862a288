// hmm.anon_write_prot — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, anon_write_prot):
// PROT_READ memory: READ of 1 page (ret 0, cpages 1, faults 1, the zero page); WRITE is -EPERM
// and the CPU sees zeros; after mprotect(RW) the WRITE succeeds (cpages npages, faults 1: the
// zero pages are replaced by copy-on-write) and the CPU reads i.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.anon_write_prot ($variant)', ({ device, memory }) => {
  test('write to read-only memory is -EPERM until mprotect(RW)', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'r' },
          { op: 'dev.read', mirror: 'fd', page: 0, count: 1 },
          { op: 'dev.write', mirror: 'fd', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'cpu.read', proc: 'T', page: 0, count: NPAGES },
          { op: 'mprotect', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'dev.write', mirror: 'fd', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'cpu.read', proc: 'T', page: 0, count: NPAGES },
        ],
      ),
    );
    expect(res(t, 3)).toMatchObject({ ret: 0, cpages: 1, faults: 1, data: [0] });
    expect(res(t, 4)).toMatchObject({ ret: -1, errno: 'EPERM' });
    expect(res(t, 5).data).toEqual(new Array(NPAGES).fill(0));
    expect(res(t, 7)).toMatchObject({ ret: 0, cpages: NPAGES, faults: 1 });
    expect(res(t, 8).data).toEqual(iota(NPAGES));
  });
});
