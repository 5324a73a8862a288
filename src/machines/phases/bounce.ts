/**
 * lib/test_hmm.c dmirror_do_read() / dmirror_do_write(): copy between the ioctl's bounce buffer
 * and the pages the mirror's device page table names; -ENOENT at the first missing (or, for a
 * write, non-writable) entry. The bounce buffer is copied in and out, so the phase stays pure.
 */
import type { PhaseResult, World } from '../../engine/index';
import { type Bounce, dmirrorDoReadTx, dmirrorDoWriteTx } from '../../engine/driver/dmirrorBounce';
import { runPhase } from '../../engine/tx';

export interface BounceState {
  /** The ioctl's first page (bounce index 0). */
  readonly addr: number;
  readonly data: readonly number[];
  /** Pages copied so far (cmd.cpages). */
  readonly cpages: number;
}

export interface BounceResult extends BounceState {
  /** 0, or -ENOENT: the entry at addr + cpages is missing. */
  readonly ret: number;
}

/** dmirror_do_read() (`write` false) or dmirror_do_write() over [start, end). */
export function dmirrorDoCopy(
  world: World,
  mirror: string,
  start: number,
  end: number,
  bounce: BounceState,
  write: boolean,
): PhaseResult<BounceResult> {
  return runPhase(world, (tx) => {
    const b: Bounce = { addr: bounce.addr, data: bounce.data.slice(), cpages: bounce.cpages };
    const ret = write
      ? dmirrorDoWriteTx(tx, mirror, start, end, b)
      : dmirrorDoReadTx(tx, mirror, start, end, b);
    return { ret, addr: b.addr, data: b.data, cpages: b.cpages };
  });
}
