// hmm2.snapshot — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm2, snapshot): 7 pages
// PROT_NONE; hole at page 1; page 2 read-only zero page; page 3 read-only with data; pages
// 4–6 read-write, page 4 written; page 5 migrated to device 0, page 6 to device 1 (cpages 1
// each); SNAPSHOT through device 0 of 7 pages: cpages 7 and the bytes below.
import { describe, expect, test } from 'vitest';
import lib from '../../src/scenarios/library/selftest-hmm2-snapshot.json';
import { HMM2_VARIANTS, librarySelftest, res, run, variantOf } from './selftest';

const ERROR = 0xff;
const NONE = 0x00;
const READ = 0x01;
const WRITE = 0x02;
const ZERO = 0x10;
const DEV_PRIVATE_LOCAL = 0x20;
const DEV_COHERENT_LOCAL = 0x40;
const DEV_COHERENT_REMOTE = 0x50;

describe.each(HMM2_VARIANTS)('hmm2.snapshot ($variant)', ({ memory }) => {
  test('every kind of CPU entry gives its protection byte', () => {
    // Steps 12 and 13 migrate pages 5 and 6, step 14 is the snapshot through device 0.
    const t = run(variantOf(librarySelftest(lib, 'hmm2.snapshot'), memory));
    expect(res(t, 6).data).toEqual([0]);
    expect(res(t, 12)).toMatchObject({ ret: 0, cpages: 1 });
    expect(res(t, 13)).toMatchObject({ ret: 0, cpages: 1 });
    const s = res(t, 14);
    expect(s).toMatchObject({ ret: 0, cpages: 7 });
    const m = s.prot ?? [];
    expect(m.slice(0, 5)).toEqual([ERROR, ERROR, ZERO | READ, READ, WRITE]);
    if (memory === 'private') {
      expect(m[5]).toBe(DEV_PRIVATE_LOCAL | WRITE);
      expect(m[6]).toBe(NONE);
    } else {
      expect(m[5]).toBe(DEV_COHERENT_LOCAL | WRITE);
      expect(m[6]).toBe(DEV_COHERENT_REMOTE | WRITE);
    }
  });
});
