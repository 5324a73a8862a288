// hmm.migrate — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate):
// init i; MIGRATE_TO_DEV: ret 0, cpages == npages, and the device read back i.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, doc, iota, res, run } from './selftest';

describe.each(HMM_VARIANTS)('hmm.migrate ($variant)', ({ device, memory }) => {
  test('migrates every page and reads them back', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES) },
          { op: 'dev.migrate', mirror: 'fd', page: 0, count: NPAGES },
        ],
      ),
    );
    expect(res(t, 4)).toMatchObject({ ret: 0, cpages: NPAGES, data: iota(NPAGES) });
    // Every page now lives in the device's memory (device-private entries or coherent PTEs).
    const ptes = Object.values(t.final.processes.T?.ptes ?? {});
    expect(ptes).toHaveLength(NPAGES);
    for (const p of ptes) {
      expect(p.frame.startsWith(`${device}:`)).toBe(true);
      expect(p.kind).toBe(memory === 'private' ? 'device-private' : 'present');
    }
  });
});
