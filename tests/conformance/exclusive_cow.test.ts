// hmm.exclusive_cow — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, exclusive_cow):
// init i; HMM_DMIRROR_EXCLUSIVE (ret 0, cpages == npages); fork(). Child and parent each do
// ptr[i]++ checking ptr[i] == i, then ptr == i + 1: fork restored the device-exclusive entries
// (copy_nonpresent_pte → restore_exclusive_pte) and copy-on-write keeps the two apart.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, type S, doc, iota, res, run } from './selftest';

const incr = (proc: string): S[] => [
  { op: 'cpu.read', proc, page: 0, count: NPAGES },
  { op: 'cpu.write', proc, page: 0, count: NPAGES, values: iota(NPAGES, 1) },
  { op: 'cpu.read', proc, page: 0, count: NPAGES },
];

describe.each(HMM_VARIANTS)('hmm.exclusive_cow ($variant)', ({ device, memory }) => {
  test('fork restores exclusive entries; each process then sees i, then i + 1', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'dev.exclusive', mirror: 'fd', page: 0, count: NPAGES },
          { op: 'fork', proc: 'T', child: 'C' },
          ...incr('C'),
          { op: 'exit', proc: 'C' },
          ...incr('T'),
        ],
      ),
    );
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    expect(res(t, 5).ret).toBe(0);
    for (const [read, write, reread] of [
      [6, 7, 8],
      [10, 11, 12],
    ] as const) {
      expect(res(t, read)).toMatchObject({ ret: 0, data: iota(NPAGES) });
      expect(res(t, write).ret).toBe(0);
      expect(res(t, reread)).toMatchObject({ ret: 0, data: iota(NPAGES, 1) });
    }
    expect(res(t, 9).ret).toBe(0);
  });
});
