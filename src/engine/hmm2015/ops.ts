/**
 * The 2015 API's scenario ops (machine.kernel.api = "2015", seed 000's dummy driver):
 * `mirror.open` is HMM_DUMMY_EXPOSE_MM, `dev.read` / `dev.write` HMM_DUMMY_READ / WRITE and
 * `dev.migrate` HMM_DUMMY_MIGRATE_TO. Results carry the ioctls' counters under `dummy`. The op
 * machines (src/machines/ops/dummy*Machine.ts) run the same phases one by one.
 */
import { err } from '../errno';
import { isOutcome, openMirror } from '../ops/common';
import { type OpenStep, createMirror } from '../ops/mirrorOpen';
import { pvecEmpty } from '../pvec';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { DptEntry } from '../types';
import { type DummyCounters, NO_COUNTERS, addCounters } from './counters';
import { dummyAccessPass } from './dummyAccess';
import { hmmMirrorFault2015 } from './mirrorFault';
import { dummyCopyToDevice } from './copyToDevice';
import { dummyFreeUnused, dummyReserve, hmmMigrateFinish, hmmMigrateSelect } from './migrateTo';

/** HMM_DUMMY_EXPOSE_MM: hmm_mirror_register on the caller's mm; both tables empty. */
export function opExposeMm2015(tx: Tx, step: OpenStep): OpOutcome {
  const failed = createMirror(tx, step, { hmmPt: pvecEmpty<DptEntry>() });
  if (failed !== null) return failed;
  tx.emit(
    'hmm_mirror_register',
    'mirror.open',
    tx.coalescing
      ? ''
      : `${step.proc} opens ${step.device} and calls HMM_DUMMY_EXPOSE_MM: the driver registers ${step.as} with HMM (hmm_mirror_register). HMM keeps its own page table for the mirror (mirror->pt) and the driver its device table (dmirror->pt); both start empty.`,
  );
  return { ret: 0 };
}

/** The rounds of access → fault the ioctl makes before giving up (an engine-bug guard). */
const MAX_ROUNDS = 64;

/** HMM_DUMMY_READ / HMM_DUMMY_WRITE. */
export function opDummyAccess(
  tx: Tx,
  mirror: string,
  start: number,
  count: number,
  values: readonly number[] | null,
): OpOutcome {
  const m = openMirror(tx, mirror);
  if (isOutcome(m)) return m;
  const end = start + count;
  let counters: DummyCounters = NO_COUNTERS;
  const data: number[] = [];
  let from = start;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const pass = dummyAccessPass(tx, mirror, start, from, end, values, counters);
    counters = pass.counters;
    data.push(...pass.data);
    if (pass.stoppedAt < 0) {
      return values === null ? { ret: 0, data, dummy: counters } : { ret: 0, dummy: counters };
    }
    from = pass.stoppedAt;
    const f = hmmMirrorFault2015(tx, mirror, from, end, values !== null);
    counters = addCounters(counters, { nfaulted_sys_pages: f.faulted });
    if (f.ret < 0) return { ret: f.ret, dummy: counters };
  }
  return { ret: err('EBUSY'), dummy: counters };
}

/** HMM_DUMMY_MIGRATE_TO: dummy_lmem_to_rmem. */
export function opDummyMigrate(tx: Tx, mirror: string, start: number, count: number): OpOutcome {
  const m = openMirror(tx, mirror);
  if (isOutcome(m)) return m;
  const end = start + count;
  if (!dummyReserve(tx, mirror, start, end)) return { ret: 0 };
  const selected = hmmMigrateSelect(tx, mirror, start, end);
  const c = dummyCopyToDevice(tx, mirror, start, end, selected);
  hmmMigrateFinish(tx, mirror, start, selected, c.copied);
  const ret = dummyFreeUnused(tx, mirror, c.ret);
  return { ret, dummy: { ...NO_COUNTERS, nfaulted_dev_pages: c.nfaulted } };
}
