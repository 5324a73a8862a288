/**
 * The at-rest invariants, checked at the end of each step on what its micro-steps changed:
 * reference accounting (INV-P11, INV-S2, the GUP side of INV-G5), no lock left (INV-S3), and the
 * mirrors' entries (INV-H2).
 */
import type { MicroStep, Violation } from './microstep';
import { dedupe, v } from './invariantsCatalog';
import { checkGupHandles, gupHolds } from './invariantsGup';
import { checkMirrorEntry } from './invariantsMirrors';
import { isFreeDevicePage } from './mm/devmem';
import type { Frame, World } from './types';
import { deviceOfFrame, frameLabel, getFrame, getMirror } from './world';

/** At-rest invariants for one frame. */
export function checkFrameAtRest(
  world: World,
  index: number,
  f: Frame,
  out: Violation[],
  holds: ReadonlyMap<number, { gets: number; pins: number }>,
): void {
  if (index === world.zeroFrame || f.refcount === 0) return;
  // 2015: a fake device page is an alloc_page() the driver holds for ever (INV-D1 checks it).
  if (f.zone === 'device' && world.config.api === '2015') return;
  if (f.zone === 'device' && isFreeDevicePage(world.config, f)) return;
  const held = holds.get(index) ?? { gets: 0, pins: 0 };
  if (held.pins !== f.pincount) {
    out.push(
      v(
        'INV-G5',
        `${frameLabel(world, index)} has pincount ${f.pincount} but GUP handles hold ${held.pins} pins`,
      ),
    );
  }
  const label = frameLabel(world, index);
  if (f.locked) out.push(v('INV-S3', `${label} is still locked at rest`));
  const dev = f.zone === 'device' ? deviceOfFrame(world, index) : undefined;
  if (dev?.memory === 'private') {
    // ERA_A: a page in use carries one extra reference (the bias) on top of its mappings.
    const bias = world.config.era === 'ERA_A_BIASED' ? 1 : 0;
    if (f.refcount !== f.mapcount + bias) {
      out.push(v('INV-P11', `${label} has refcount ${f.refcount} but mapcount ${f.mapcount}`));
    }
  } else {
    // The model drops a shmem page's page-cache reference with its last mapping (zap.ts), so
    // a page that GUP still holds after munmap has only GUP's references left.
    const cache = f.mapping === 'shmem' && f.mapcount > 0 ? 1 : 0;
    const want = f.mapcount + cache + f.pincount + held.gets;
    if (f.refcount !== want)
      out.push(v('INV-S2', `${label} has refcount ${f.refcount}, expected ${want}`));
  }
}

import { checkGmem, touchesGmem } from './gmem/invariants';

/** The at-rest invariants over everything the step's micro-steps changed. */
export function checkAtRest(world: World, microsteps: readonly MicroStep[]): Violation[] {
  const out: Violation[] = [];
  const frames = new Set<number>();
  const pages = new Map<string, Set<number>>();
  for (const ms of microsteps) {
    for (const f of ms.changed.frames) frames.add(f);
    for (const { proc, pages: ps } of ms.changed.ptes) {
      let s = pages.get(proc);
      if (s === undefined) pages.set(proc, (s = new Set()));
      for (const p of ps) s.add(p);
    }
    for (const { mirror, pages: ps } of ms.changed.mirrors) {
      const m = getMirror(world, mirror);
      if (m === undefined) continue;
      let s = pages.get(m.proc);
      if (s === undefined) pages.set(m.proc, (s = new Set()));
      for (const p of ps) s.add(p);
    }
  }
  if (world.gmem !== undefined && microsteps.some((ms) => touchesGmem(ms.changed.procs)))
    checkGmem(world, true, out);
  const holds = gupHolds(world);
  for (const index of frames) checkFrameAtRest(world, index, getFrame(world, index), out, holds);
  checkGupHandles(world, out);
  for (const [proc, ps] of pages) {
    for (const name of Object.keys(world.mirrors)) {
      if (getMirror(world, name)?.proc !== proc) continue;
      for (const p of ps) checkMirrorEntry(world, name, p, out);
    }
  }
  return dedupe(out);
}
