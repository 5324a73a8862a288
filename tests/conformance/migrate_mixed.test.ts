// hmm2.migrate_mixed — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm2, migrate_mixed):
// 6 pages PROT_NONE: migrating them is -EINVAL; after punching a hole at page 1, migrating 3
// pages is still -EINVAL; page 2 = zero page (read), page 3 read-only with data, pages 4–5
// read-write with data: migrating pages 2–5 to device 1 gives cpages 4; migrating page 5 to
// device 0 gives -ENOENT because it lives on device 1.
import { describe, expect, test } from 'vitest';
import { HMM2_VARIANTS, doc, res, run } from './selftest';

describe.each(HMM2_VARIANTS)('hmm2.migrate_mixed ($variant)', ({ device0, device1, memory }) => {
  test('protected, missing, zero, read-only and writable pages', () => {
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
          { op: 'mmap', proc: 'T', page: 0, count: 6, prot: 'none' },
          { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 6 }, // 4
          { op: 'munmap', proc: 'T', page: 1, count: 1 },
          { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 3 }, // 6
          { op: 'mprotect', proc: 'T', page: 2, count: 1, prot: 'r' },
          { op: 'cpu.read', proc: 'T', page: 2, count: 1 }, // 8: val = *ptr + 3 == 3
          { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 3, count: 1, value: 3 },
          { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'r' },
          { op: 'mprotect', proc: 'T', page: 4, count: 2, prot: 'rw' },
          { op: 'cpu.write', proc: 'T', page: 4, count: 2, value: 3 },
          { op: 'dev.migrate', mirror: 'fd1', page: 2, count: 4 }, // 14
          { op: 'dev.migrate', mirror: 'fd0', page: 5, count: 1 }, // 15
        ],
      ),
    );
    expect(res(t, 4)).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect(res(t, 6)).toMatchObject({ ret: -22, errno: 'EINVAL' });
    expect((res(t, 8).data?.[0] ?? NaN) + 3).toBe(3);
    expect(res(t, 14)).toMatchObject({ ret: 0, cpages: 4, data: [0, 3, 3, 3] });
    expect(res(t, 15)).toMatchObject({ ret: -2, errno: 'ENOENT' });
  });
});
