// hmm.migrate_shared — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate_shared):
// MAP_SHARED|MAP_ANONYMOUS memory is not migrated, so the read-back finds no entry: -ENOENT.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm-migrate-shared.json';
import { HMM_VARIANTS, doc, librarySelftest, res, run, variantOf } from './selftest';

describe.each(HMM_VARIANTS)('hmm.migrate_shared ($variant)', ({ device, memory }) => {
  test('shared anonymous memory gives -ENOENT', () => {
    const t = run(variantOf(librarySelftest(lib, 'hmm.migrate_shared'), memory));
    expect(res(t, 3)).toMatchObject({ ret: -2, errno: 'ENOENT' });
    expect(t.final.devices[device]?.usedPages).toBe(0);
  });

  // Not in the selftest (so not in the library): shared pages that exist are collected, then
  // refused by migrate_vma_pages ("only support anonymous memory") and restored.
  test('touched shared pages stay in system memory', () => {
    const t = run(
      doc(
        [{ name: device, memory }],
        [
          { op: 'spawn', proc: 'T' },
          { op: 'mirror.open', proc: 'T', device, as: 'fd' },
          { op: 'mmap', proc: 'T', page: 0, count: 4, prot: 'rw', shared: true },
          { op: 'cpu.write', proc: 'T', page: 0, count: 4, value: 7 },
          { op: 'dev.migrate', mirror: 'fd', page: 0, count: 4 },
          { op: 'cpu.read', proc: 'T', page: 0, count: 4 },
        ],
      ),
    );
    expect(res(t, 4).ret).toBe(-2);
    expect(res(t, 5).data).toEqual([7, 7, 7, 7]);
    expect(t.final.devices[device]).toMatchObject({ usedPages: 0, pgmapRefcount: 1 });
  });
});
