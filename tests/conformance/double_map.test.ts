// hmm2.double_map — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm2, double_map): 6 pages
// init i, mprotect(PROT_READ); READ through device 0 then device 1 (each ret 0, cpages 6,
// faults 1, data i); migrate to device 1 (cpages 6); READ through device 0 again: ret 0,
// cpages 6, faults 1, data i (private pages are faulted back from device 1; coherent pages are
// read in place).
import { describe, expect, test } from 'vitest';
import { HMM2_VARIANTS, doc, iota, res, run } from './selftest';

describe.each(HMM2_VARIANTS)('hmm2.double_map ($variant)', ({ device0, device1, memory }) => {
  test('two devices read the same memory, then one migrates it', () => {
    const t = run(
      doc(
        [
          { name: device0, memory },
          { name: device1, memory },
        ],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device: device0, as: 'fd0' },
          { op: 'mirror.open', proc: 'T', device: device1, as: 'fd1' },
          { op: 'mmap', proc: 'T', page: 0, count: 6, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 0, count: 6, values: iota(6) },
          { op: 'mprotect', proc: 'T', page: 0, count: 6, prot: 'r' },
          { op: 'dev.read', mirror: 'fd0', page: 0, count: 6 }, // 6
          { op: 'dev.read', mirror: 'fd1', page: 0, count: 6 }, // 7
          { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 6 }, // 8
          { op: 'dev.read', mirror: 'fd0', page: 0, count: 6 }, // 9
        ],
      ),
    );
    for (const i of [6, 7, 9])
      expect(res(t, i)).toMatchObject({ ret: 0, cpages: 6, faults: 1, data: iota(6) });
    expect(res(t, 8)).toMatchObject({ ret: 0, cpages: 6 });
    const where = memory === 'private' ? 'sys:' : `${device1}:`;
    for (const p of Object.values(t.final.processes.T?.ptes ?? {})) {
      expect(p.kind).toBe('present');
      expect(p.frame.startsWith(where)).toBe(true);
    }
  });
});
