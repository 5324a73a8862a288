/**
 * The GUP invariants (INV-G*): no pin on device-private memory, no long-term pin on device
 * memory, and pin accounting; INV-G7 (a pinned page is not migrated) is in invariantsMigrate.ts.
 */
import type { Violation } from './microstep';
import { v } from './invariantsCatalog';
import type { Frame, World } from './types';
import { deviceOfFrame, frameLabel, getFrame } from './world';

/** INV-G1 / INV-G5 for a page with pins. */
export function checkPinnedFrame(world: World, index: number, f: Frame, out: Violation[]): void {
  const label = frameLabel(world, index);
  // Every mapping and every pin holds its own reference: refcount ≥ mapcount + pincount.
  if (f.refcount < f.mapcount + f.pincount) {
    out.push(
      v(
        'INV-G5',
        `${label} has ${f.pincount} pins and ${f.mapcount} mappings but refcount ${f.refcount}`,
      ),
    );
  }
  if (f.zone === 'device' && deviceOfFrame(world, index)?.memory === 'private') {
    out.push(v('INV-G1', `device-private ${label} has pincount ${f.pincount}`));
  }
}

/** The references (FOLL_GET) and pins (FOLL_PIN) the GUP handles hold, per frame. */
export function gupHolds(world: World): Map<number, { gets: number; pins: number }> {
  const holds = new Map<number, { gets: number; pins: number }>();
  for (const h of Object.values(world.gups)) {
    for (const frame of h.frames) {
      if (frame === world.zeroFrame) continue;
      let e = holds.get(frame);
      if (e === undefined) holds.set(frame, (e = { gets: 0, pins: 0 }));
      if (h.pin) e.pins++;
      else e.gets++;
    }
  }
  return holds;
}

/** INV-G2 over every handle: no long-term pin on device memory. */
export function checkGupHandles(world: World, out: Violation[]): void {
  for (const h of Object.values(world.gups)) {
    if (!h.longterm) continue;
    for (const frame of h.frames) {
      if (getFrame(world, frame).zone === 'device') {
        out.push(
          v('INV-G2', `long-term pin ${h.name} holds device memory ${frameLabel(world, frame)}`),
        );
      }
    }
  }
}
