/**
 * The ops whose meaning changes on the 2015 API (the dummy driver's ioctls); every other op runs
 * the ordinary core-mm code, whose invalidations reach the 2015 mirrors through notifier.ts.
 * The loader refuses the ops the 2015 design did not have (src/scenarios/load.ts).
 */
import { err } from '../errno';
import type { OpOutcome, SupportedStep } from '../steps';
import { stepValues } from '../steps';
import type { Tx } from '../tx';
import { opDummyAccess, opDummyMigrate, opExposeMm2015 } from './ops';

/** Ops that exist only in today's or 2018's design (fork, GUP, snapshots, device release…). */
export const OPS_NOT_IN_2015: readonly string[] = [
  'fork',
  'gup.get',
  'gup.pin',
  'gup.unpin',
  'dev.snapshot',
  'dev.migrate-back',
  'dev.release',
  'dev.exclusive',
  'dev.check-exclusive',
  'mirror.close',
  'race',
  'madvise',
];

export function dispatch2015(tx: Tx, s: SupportedStep): OpOutcome | null {
  if (OPS_NOT_IN_2015.includes(s.op)) {
    return { ret: err('ENOSYS'), error: `${s.op} is not part of the 2015 HMM API` };
  }
  switch (s.op) {
    case 'mirror.open':
      return opExposeMm2015(tx, s);
    case 'dev.read':
      return opDummyAccess(tx, s.mirror, s.page, s.count, null);
    case 'dev.write':
      return opDummyAccess(tx, s.mirror, s.page, s.count, stepValues(s));
    case 'dev.migrate':
      return opDummyMigrate(tx, s.mirror, s.page, s.count);
    default:
      return null;
  }
}
