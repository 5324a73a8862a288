/**
 * The 2015 dummy driver's invariants (INV-D*, domain.md §3): its bitmap against its device
 * tables, and what a 2015 mirror entry must agree with in the CPU page table (INV-H2's form for
 * HMM's special swap entries).
 */
import type { Violation } from './microstep';
import { v } from './invariantsCatalog';
import { pvecForEach } from './pvec';
import type { DptEntry, Mirror, Pte, World } from './types';
import { getDevice } from './world';

/** INV-D1: a bit is set ⇔ one valid_dev entry points at the page, or an event reserved it. */
export function checkDummyDevice(world: World, name: string, out: Violation[]): void {
  const d = getDevice(world, name);
  if (d?.rmemBitmap === undefined) return;
  const users = new Array<number>(d.pages).fill(0);
  for (const m of Object.values(world.mirrors)) {
    if (m.device !== name) continue;
    pvecForEach(m.pt, 0, Infinity, (_p, e) => {
      const i = e.frame - d.base;
      if (i >= 0 && i < d.pages) users[i] = (users[i] ?? 0) + 1;
    });
  }
  for (const r of d.dpfn ?? []) if (r >= 0 && r < d.pages) users[r] = (users[r] ?? 0) + 1;
  d.rmemBitmap.forEach((bit, i) => {
    const n = users[i] ?? 0;
    if (bit ? n !== 1 : n !== 0) {
      out.push(
        v(
          'INV-D1',
          `fake device page ${i} of ${name}: bit ${bit ? 'set' : 'clear'}, ${n} device entr${n === 1 ? 'y or reservation' : 'ies or reservations'} use it`,
        ),
      );
    }
  });
}

/** INV-H2 on the 2015 API: a device entry agrees with the CPU entry of its page. */
export function mirrorEntryAgrees2015(
  world: World,
  m: Mirror,
  e: DptEntry,
  pte: Pte | null,
): boolean {
  const d = getDevice(world, m.device);
  const onDevice = d !== undefined && e.frame >= d.base && e.frame < d.base + d.pages;
  if (onDevice) return pte?.kind === 'hmm' && pte.frame === e.frame;
  return pte?.kind === 'present' && pte.frame === e.frame && (e.access !== 'write' || pte.write);
}
