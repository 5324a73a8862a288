/**
 * The page invariants (INV-P* for device pages, INV-S1 for free system pages, and the frame side
 * of INV-T9: mapcount equals the entries that map the page) and the pgmap count (INV-P3).
 */
import type { Violation } from './microstep';
import { isMapping, v } from './invariantsCatalog';
import { checkPinnedFrame } from './invariantsGup';
import { pvecGet } from './pvec';
import type { EngineConfig } from './config';
import { isFreeDevicePage } from './mm/devmem';
import type { Device, Frame, World } from './types';
import { deviceOfFrame, frameLabel, getProc } from './world';

/** Checks one frame (always-invariants). */
export function checkFrame(world: World, index: number, f: Frame, out: Violation[]): void {
  const label = frameLabel(world, index);
  if (index === world.zeroFrame) return;
  let mapped = 0;
  for (const proc of f.rmapProcs) {
    const p = getProc(world, proc);
    const pte = p === undefined ? null : pvecGet(p.pt, f.rmapPage);
    if (pte !== null && pte.frame === index && isMapping(pte)) mapped++;
  }
  if (f.mapcount !== mapped)
    out.push(v('INV-T9', `${label} has mapcount ${f.mapcount} but ${mapped} mapping entries`));
  if (f.pincount > 0) checkPinnedFrame(world, index, f, out);
  if (f.zone === 'device') {
    const dev = deviceOfFrame(world, index);
    if (f.lru) out.push(v('INV-P10', `${label} is on an LRU list`));
    if (dev === undefined || dev.pgmap === null) return;
    // INV-P1 is what the 2022 fix made true; before it (INV-P2) free and used pages can look alike.
    if (world.config.era === 'ERA_C_FIXED' && f.refcount === 0 && (f.mapcount > 0 || f.locked)) {
      out.push(v('INV-P1', `${label} has refcount 0 but is ${f.locked ? 'locked' : 'mapped'}`));
    }
    if (
      dev.memory === 'private' &&
      f.refcount > 0 &&
      !isFreeDevicePage(world.config, f) &&
      typeof f.zoneDeviceData !== 'string'
    ) {
      out.push(v('INV-P9', `${label} is in use but zone_device_data does not name a mirror`));
    }
  } else if (f.refcount === 0 && (f.mapcount > 0 || f.lru || f.locked)) {
    out.push(
      v(
        'INV-S1',
        `${label} is free but still ${f.lru ? 'on the LRU' : f.locked ? 'locked' : 'mapped'}`,
      ),
    );
  }
}

/** INV-P3 (ERA_C: base + one per page in use) or INV-P4 (before: base + one per pfn). */
export function checkDevice(d: Device, out: Violation[], config: EngineConfig): void {
  if (d.pgmap === null) return;
  const perPfn = config.era !== 'ERA_C_FIXED';
  const expected = (d.pgmap.live ? 1 : 0) + (perPfn ? d.pages : d.nrAllocated);
  if (d.pgmap.refcount !== expected) {
    out.push(
      v(
        perPfn ? 'INV-P4' : 'INV-P3',
        `${d.name}'s pgmap count is ${d.pgmap.refcount}, expected ${expected}`,
      ),
    );
  }
}
