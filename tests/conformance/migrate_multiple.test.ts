// hmm.migrate_multiple — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate_multiple):
// NTIMES times, a new buffer: init i, migrate (ret 0, cpages == npages, device read i); a
// coherent device migrates back explicitly (ret 0, cpages == npages) since the CPU never faults
// on coherent pages; the CPU reads i (a private variant faults the pages back); free the buffer.
import { describe, expect, test } from 'vitest';
import { HMM_VARIANTS, NPAGES, type S, doc, iota, res, run } from './selftest';

const NTIMES = 10;
const N = NPAGES / 4;

describe.each(HMM_VARIANTS)('hmm.migrate_multiple ($variant)', ({ device, memory }) => {
  test(`${NTIMES} rounds of migrate and back`, () => {
    const steps: S[] = [
      { op: 'spawn', proc: 'T' },
      { op: 'mirror.open', proc: 'T', device, as: 'fd' },
    ];
    const at: { migrate: number; back: number; read: number }[] = [];
    for (let c = 0; c < NTIMES; c++) {
      const page = c * N; // each buffer at a new address
      steps.push({ op: 'mmap', proc: 'T', page, count: N, prot: 'rw' });
      steps.push({ op: 'cpu.write', proc: 'T', page, count: N, values: iota(N) });
      const migrate = steps.push({ op: 'dev.migrate', mirror: 'fd', page, count: N }) - 1;
      let back = -1;
      if (memory === 'coherent')
        back = steps.push({ op: 'dev.migrate-back', mirror: 'fd', page, count: N }) - 1;
      const read = steps.push({ op: 'cpu.read', proc: 'T', page, count: N }) - 1;
      steps.push({ op: 'munmap', proc: 'T', page, count: N }); // hmm_buffer_free
      at.push({ migrate, back, read });
    }
    const t = run(doc([{ name: device, memory }], steps));
    for (const { migrate, back, read } of at) {
      expect(res(t, migrate)).toMatchObject({ ret: 0, cpages: N, data: iota(N) });
      if (back >= 0) expect(res(t, back)).toMatchObject({ ret: 0, cpages: N });
      expect(res(t, read)).toMatchObject({ ret: 0, data: iota(N) });
    }
    // Every buffer was freed: no page in use anywhere, the pgmap holds only its base reference.
    expect(t.final.frames).toEqual({});
    expect(t.final.devices[device]).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
  });
});
