/** Shared checks of the scenario ops: names that must denote a live process or an open mirror. */
import { err } from '../errno';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { Mirror, Proc } from '../types';

/** A live process, or the outcome to return (-ESRCH: no such process, or it exited). */
export function liveProc(tx: Tx, name: string): Proc | OpOutcome {
  const p = tx.proc(name);
  if (p === undefined || !p.alive) {
    return { ret: err('ESRCH'), error: `process ${name} does not exist or has exited` };
  }
  return p;
}

/** An open mirror, or the outcome to return (-EBADF: never opened, or closed). */
export function openMirror(tx: Tx, name: string): Mirror | OpOutcome {
  const m = tx.mirror(name);
  if (m === undefined) return { ret: err('EBADF'), error: `mirror ${name} is not open` };
  return m;
}

export function isOutcome(x: object): x is OpOutcome {
  return 'ret' in x;
}
