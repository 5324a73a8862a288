// hmm.anon_read_multiple — tools/testing/selftests/mm/hmm-tests.c
// TEST_F(hmm, anon_read_multiple): NTIMES times, a new buffer with i + c; the device READ gives
// ret 0, cpages == npages, faults == 1 and i + c.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, type S, doc, iota, res, run } from './selftest';

const NTIMES = 10;

describe.each(HMM_VARIANTS)('hmm.anon_read_multiple ($variant)', ({ device, memory }) => {
  test(`${NTIMES} reads of fresh buffers each fault once`, () => {
    const steps: S[] = [
      { op: 'spawn', proc: 'T' },
      { op: 'mirror.open', proc: 'T', device, as: 'fd' },
    ];
    const reads: number[] = [];
    for (let c = 0; c < NTIMES; c++) {
      steps.push({ op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' });
      steps.push({ op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES, c) });
      reads.push(steps.push({ op: 'dev.read', mirror: 'fd', page: 0, count: NPAGES }) - 1);
      steps.push({ op: 'munmap', proc: 'T', page: 0, count: NPAGES });
    }
    const t = run(doc([{ name: device, memory }], steps));
    reads.forEach((index, c) => {
      expect(res(t, index)).toMatchObject({
        ret: 0,
        cpages: NPAGES,
        faults: 1,
        data: iota(NPAGES, c),
      });
    });
  });
});
