/** The mirror invariants (INV-H*): a device page table agrees with the CPU page table. */
import type { Violation } from './microstep';
import { mirrorEntryAgrees2015 } from './invariants2015';
import { v } from './invariantsCatalog';
import { pvecGet } from './pvec';
import type { World } from './types';
import { frameLabel, getMirror, getProc } from './world';

/** At rest: mirror entries agree with the CPU page table (INV-H2). */
export function checkMirrorEntry(
  world: World,
  mirror: string,
  page: number,
  out: Violation[],
): void {
  const m = getMirror(world, mirror);
  if (m === undefined) return;
  const e = pvecGet(m.pt, page);
  if (e === null) return;
  const p = getProc(world, m.proc);
  const pte = p === undefined ? null : pvecGet(p.pt, page);
  // An ATOMIC entry (dmirror_atomic_map) stands for a device-exclusive CPU entry; any CPU
  // access restores the PTE under MMU_NOTIFY_EXCLUSIVE, which erases it.
  const ok =
    world.config.api === '2015'
      ? mirrorEntryAgrees2015(world, m, e, pte)
      : pte !== null &&
        pte.frame === e.frame &&
        (e.access === 'atomic'
          ? pte.kind === 'deviceExclusive'
          : (pte.kind === 'present' || pte.kind === 'devicePrivate') &&
            (e.access !== 'write' || pte.write));
  if (!ok)
    out.push(
      v(
        'INV-H2',
        `${mirror} maps page ${page} to ${frameLabel(world, e.frame)} (${e.access}) but the CPU entry disagrees`,
      ),
    );
}
