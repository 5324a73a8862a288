/**
 * The invariants of domain.md §3 that apply to this scope (the catalog: invariantsCatalog.ts),
 * checked by family in invariants{Pages,Tables,Mirrors,Migrate,Gup,AtRest}.ts. The engine
 * checks the ones that hold "always" after every micro-step, on what that micro-step changed
 * (`checkChanged`, O(changes)); `checkWorld` checks everything (O(world), for tests);
 * `checkAtRest` adds the "at rest" ones at the end of each step.
 */
import type { Changes, Violation } from './microstep';
import { checkDummyDevice } from './invariants2015';
import { checkFrameAtRest } from './invariantsAtRest';
import { dedupe, v } from './invariantsCatalog';
import { checkGupHandles, gupHolds } from './invariantsGup';
import { checkMirrorEntry } from './invariantsMirrors';
import { checkDevice, checkFrame } from './invariantsPages';
import { checkPte } from './invariantsTables';
import { pvecForEach, pvecGet } from './pvec';
import { deviceOfFrame, frameLabel, getDevice, getFrame, getProc } from './world';
import type { World } from './types';
import { devFreeRefcount, isFreeDevicePage } from './mm/devmem';

export { INVARIANTS, type InvariantId } from './invariantsCatalog';
import { checkGmem, touchesGmem } from './gmem/invariants';
export { checkAtRest } from './invariantsAtRest';
export { checkMigrateSetup } from './invariantsMigrate';
export { checkCowCopy, checkForkVma } from './invariantsTables';

/** The always-invariants, restricted to what `changes` touched. */
export function checkChanged(world: World, changes: Changes): Violation[] {
  const out: Violation[] = [];
  for (const { proc, pages } of changes.ptes) {
    const p = getProc(world, proc);
    if (p === undefined) continue;
    for (const page of pages) {
      const pte = pvecGet(p.pt, page);
      if (pte !== null) checkPte(world, proc, page, pte, out);
    }
  }
  for (const name of changes.procs) {
    const p = getProc(world, name);
    if (p !== undefined)
      pvecForEach(p.pt, 0, Infinity, (page, pte) => checkPte(world, name, page, pte, out));
  }
  for (const index of changes.frames) checkFrame(world, index, getFrame(world, index), out);
  for (const name of changes.devices) {
    const d = getDevice(world, name);
    if (d !== undefined) checkDevice(d, out, world.config);
    if (world.config.api === '2015') checkDummyDevice(world, name, out);
  }
  if (world.gmem !== undefined && touchesGmem(changes.procs)) checkGmem(world, false, out);
  return dedupe(out);
}

/** Every invariant over the whole world (O(world)); at rest if `atRest`. */
export function checkWorld(world: World, atRest = false): Violation[] {
  const out: Violation[] = [];
  for (const [name, p] of Object.entries(world.procs)) {
    pvecForEach(p.pt, 0, Infinity, (page, pte) => checkPte(world, name, page, pte, out));
  }
  const allocated = new Map<string, number>();
  const holds = gupHolds(world);
  checkGupHandles(world, out);
  pvecForEach(world.frames, 0, Infinity, (index, f) => {
    checkFrame(world, index, f, out);
    if (atRest) checkFrameAtRest(world, index, f, out, holds);
    if (f.zone === 'device' && f.refcount > 0 && !isFreeDevicePage(world.config, f)) {
      const d = deviceOfFrame(world, index);
      if (d !== undefined) allocated.set(d.name, (allocated.get(d.name) ?? 0) + 1);
    }
  });
  for (const name of world.deviceNames) {
    const d = getDevice(world, name);
    if (d === undefined) continue;
    checkDevice(d, out, world.config);
    checkDummyDevice(world, name, out);
    if (d.pgmap !== null && (allocated.get(name) ?? 0) !== d.nrAllocated) {
      out.push(
        v(
          'INV-P3',
          `${name} counts ${d.nrAllocated} pages in use but ${allocated.get(name) ?? 0} have a reference`,
        ),
      );
    }
    // The free list: only free pages, as many as counted, no cycle.
    let n = 0;
    for (let at = d.freeHead; at >= 0 && n <= d.pages; n++) {
      const f = getFrame(world, at);
      if (f.refcount !== devFreeRefcount(world.config))
        out.push(
          v('INV-P1', `${frameLabel(world, at)} is on the free list with refcount ${f.refcount}`),
        );
      at = typeof f.zoneDeviceData === 'number' ? f.zoneDeviceData : -1;
    }
    if (n !== d.nrFree)
      out.push(v('INV-P1', `${name}'s free list holds ${n} pages but counts ${d.nrFree}`));
  }
  checkGmem(world, atRest, out);
  if (atRest) {
    for (const [name, m] of Object.entries(world.mirrors)) {
      if (m.locked) out.push(v('INV-S3', `${name}'s driver lock is still held at rest`));
      pvecForEach(m.pt, 0, Infinity, (page) => checkMirrorEntry(world, name, page, out));
    }
  }
  return dedupe(out);
}
