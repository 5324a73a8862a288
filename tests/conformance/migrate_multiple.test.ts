// hmm.migrate_multiple — tools/testing/selftests/mm/hmm-tests.c TEST_F(hmm, migrate_multiple):
// NTIMES times, a new buffer: init, migrate (ret 0, cpages == npages, device read back the
// data); a coherent device migrates back explicitly (ret 0, cpages == npages) since the CPU never
// faults on coherent pages; the CPU reads the data (a private variant faults the pages back);
// free the buffer. The library document (the private variant) writes i in round 0 and c to
// every page in round c (a shorter share link); the coherent variant inserts the
// HMM_DMIRROR_MIGRATE_TO_SYS step after each migration, as the selftest does.
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc } from '../../src/engine/trace';
import lib from '../../src/scenarios/library/selftest-hmm-migrate-multiple.json';
import {
  HMM_VARIANTS,
  type Memory,
  NPAGES,
  indicesOf,
  iota,
  librarySelftest,
  res,
  run,
  stepsOf,
  validated,
  variantOf,
} from './selftest';

const NTIMES = 10;
const N = NPAGES / 4;

/** `if (hmm->device_coherent) hmm_migrate_dev_to_sys(…)` after every migration. */
function withMigrateBack(d: ScenarioDoc, memory: Memory): ScenarioDoc {
  if (memory === 'private') return d;
  const steps = stepsOf(d).flatMap((s) =>
    s.op === 'dev.migrate' ? [s, { ...s, op: 'dev.migrate-back' }] : [s],
  );
  return validated({ ...d, steps });
}

describe.each(HMM_VARIANTS)('hmm.migrate_multiple ($variant)', ({ device, memory }) => {
  test(`${NTIMES} rounds of migrate and back`, () => {
    const lib0 = librarySelftest(lib, 'hmm.migrate_multiple');
    const d = withMigrateBack(variantOf(lib0, memory), memory);
    const migrates = indicesOf(d, 'dev.migrate');
    const backs = indicesOf(d, 'dev.migrate-back');
    const reads = indicesOf(d, 'cpu.read');
    expect(migrates).toHaveLength(NTIMES);
    expect(backs).toHaveLength(memory === 'coherent' ? NTIMES : 0);
    expect(reads).toHaveLength(NTIMES);
    const t = run(d);
    migrates.forEach((migrate, c) => {
      const data = c === 0 ? iota(N) : new Array(N).fill(c);
      expect(res(t, migrate)).toMatchObject({ ret: 0, cpages: N, data });
      const back = backs[c];
      if (back !== undefined) expect(res(t, back)).toMatchObject({ ret: 0, cpages: N });
      expect(res(t, reads[c] ?? -1)).toMatchObject({ ret: 0, data });
    });
    // Every buffer was freed: no page in use anywhere, the pgmap holds only its base reference.
    expect(t.final.frames).toEqual({});
    expect(t.final.devices[device]).toMatchObject({ pgmapRefcount: 1, usedPages: 0 });
  });
});
