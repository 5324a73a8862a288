/**
 * The invariants of domain.md §3 that apply to this scope, each with its id and a sentence for
 * the student. The engine checks the ones that hold "always" after every micro-step, on what
 * that micro-step changed (`checkChanged`, O(changes)); `checkWorld` checks everything
 * (O(world), for tests); `checkAtRest` adds the "at rest" ones at the end of each step.
 * Ids INV-S* and INV-T13 are the model's own bookkeeping rules.
 */
import type { Changes, MicroStep, Violation } from './microstep';
import type { MigrateVma } from './mm/migrateTypes';
import { MIGRATE_PFN_MIGRATE, hasFlag, migratePfnToFrame } from './mm/migratePfn';
import { pvecForEach, pvecGet } from './pvec';
import type { Device, Frame, Pte, World } from './types';
import {
  deviceOfFrame,
  findVma,
  frameLabel,
  getDevice,
  getFrame,
  getMirror,
  getProc,
} from './world';

export const INVARIANTS = {
  'INV-P1':
    'A device page is free exactly when its refcount is 0: the driver free list only holds pages with refcount 0, and a free page is mapped nowhere.',
  'INV-P3':
    "A dev_pagemap's reference count is 1 (the base reference, while it is live) plus one per device page in use.",
  'INV-P9':
    "While a device-private page is in use, zone_device_data names the mirror that owns its data; while it is free, it links the driver's free list.",
  'INV-P10': 'Device pages are never on an LRU list: their lru field is reused for the pgmap.',
  'INV-P11':
    'At rest, a device-private page in use has exactly one reference per mapping (refcount == mapcount): nothing else can hold one.',
  'INV-T1': 'A device-private page never appears in a present CPU PTE: the CPU cannot address it.',
  'INV-T2':
    'A device-coherent page is mapped only by ordinary present PTEs, never by device-private entries.',
  'INV-T4':
    'A migration entry always points at a locked page: the migration holds the lock until it is removed.',
  'INV-T8': 'A page-table entry is writable only inside a VMA that allows writing.',
  'INV-T9':
    'mapcount counts the present and device-private entries that map the page; migration entries do not count.',
  'INV-T13': 'Every page-table entry lies inside a VMA of its process.',
  'INV-H2':
    "At rest, a mirror's device entry maps the same page as the CPU page table, and is writable only if the CPU entry is.",
  'INV-M1':
    'After migrate_vma_setup, npages is the size of the range and cpages counts the entries still marked MIGRATE.',
  'INV-M2':
    "After migrate_vma_setup, every selected page is locked, unmapped (mapcount 0), and holds only the migration reference (plus the fault reference for the fault page, and the page cache's for shared memory).",
  'INV-S1': 'A free system page has refcount 0, is on no LRU, and is mapped nowhere.',
  'INV-S2':
    'At rest, a system or device-coherent page in use has one reference per mapping, plus one for the page cache if it is shared memory, plus its pins.',
  'INV-S3':
    'At rest no page is left locked: every lock a migration or a fault takes is released before it returns.',
} as const;

export type InvariantId = keyof typeof INVARIANTS;

function v(id: InvariantId, detail: string): Violation {
  return { id, message: INVARIANTS[id], detail };
}

function isMapping(pte: Pte): boolean {
  return (
    pte.kind === 'devicePrivate' ||
    pte.kind === 'deviceExclusive' ||
    (pte.kind === 'present' && !pte.zero)
  );
}

/** Checks one page-table entry (always-invariants). */
function checkPte(world: World, proc: string, page: number, pte: Pte, out: Violation[]): void {
  const p = getProc(world, proc);
  const vma = p === undefined ? undefined : findVma(p.vmas, page);
  const where = `${proc} page ${page}`;
  if (vma === undefined) out.push(v('INV-T13', `${where} has a ${pte.kind} entry outside any VMA`));
  if (pte.write && vma !== undefined && !vma.write) {
    out.push(v('INV-T8', `${where} is writable in a VMA without VM_WRITE`));
  }
  if (pte.kind === 'present' && pte.zero) return;
  const f = getFrame(world, pte.frame);
  const dev = f.zone === 'device' ? deviceOfFrame(world, pte.frame) : undefined;
  const label = frameLabel(world, pte.frame);
  if (pte.kind === 'present' && dev?.memory === 'private') {
    out.push(v('INV-T1', `${where} maps device-private ${label} with a present PTE`));
  }
  if (pte.kind === 'devicePrivate' && dev?.memory !== 'private') {
    out.push(
      v(
        'INV-T2',
        `${where} has a device-private entry for ${label}, which is not device-private memory`,
      ),
    );
  }
  if (pte.kind === 'migration' && !f.locked) {
    out.push(v('INV-T4', `${where} is a migration entry for unlocked ${label}`));
  }
  if (isMapping(pte) && (f.rmapProc !== proc || f.rmapPage !== page || f.mapcount !== 1)) {
    out.push(
      v(
        'INV-T9',
        `${where} maps ${label}, whose mapcount is ${f.mapcount} (rmap ${f.rmapProc}:${f.rmapPage})`,
      ),
    );
  }
}

/** Checks one frame (always-invariants). */
function checkFrame(world: World, index: number, f: Frame, out: Violation[]): void {
  const label = frameLabel(world, index);
  if (index === world.zeroFrame) return;
  let mapped = 0;
  if (f.rmapProc !== null) {
    const p = getProc(world, f.rmapProc);
    const pte = p === undefined ? null : pvecGet(p.pt, f.rmapPage);
    if (pte !== null && pte.frame === index && isMapping(pte)) mapped = 1;
  }
  if (f.mapcount !== mapped)
    out.push(v('INV-T9', `${label} has mapcount ${f.mapcount} but ${mapped} mapping entries`));
  if (f.zone === 'device') {
    const dev = deviceOfFrame(world, index);
    if (f.lru) out.push(v('INV-P10', `${label} is on an LRU list`));
    if (dev === undefined || dev.pgmap === null) return;
    if (f.refcount === 0 && (f.mapcount > 0 || f.locked)) {
      out.push(v('INV-P1', `${label} has refcount 0 but is ${f.locked ? 'locked' : 'mapped'}`));
    }
    if (dev.memory === 'private' && f.refcount > 0 && typeof f.zoneDeviceData !== 'string') {
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

function checkDevice(d: Device, out: Violation[]): void {
  if (d.pgmap === null) return;
  const expected = (d.pgmap.live ? 1 : 0) + d.nrAllocated;
  if (d.pgmap.refcount !== expected) {
    out.push(v('INV-P3', `${d.name}'s pgmap count is ${d.pgmap.refcount}, expected ${expected}`));
  }
}

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
    if (d !== undefined) checkDevice(d, out);
  }
  return dedupe(out);
}

function dedupe(vs: Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((x) => {
    const k = `${x.id}|${x.detail}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** At-rest invariants for one frame. */
function checkFrameAtRest(world: World, index: number, f: Frame, out: Violation[]): void {
  if (index === world.zeroFrame || f.refcount === 0) return;
  const label = frameLabel(world, index);
  if (f.locked) out.push(v('INV-S3', `${label} is still locked at rest`));
  const dev = f.zone === 'device' ? deviceOfFrame(world, index) : undefined;
  if (dev?.memory === 'private') {
    if (f.refcount !== f.mapcount) {
      out.push(v('INV-P11', `${label} has refcount ${f.refcount} but mapcount ${f.mapcount}`));
    }
  } else {
    const want = f.mapcount + (f.mapping === 'shmem' ? 1 : 0) + f.pincount;
    if (f.refcount !== want)
      out.push(v('INV-S2', `${label} has refcount ${f.refcount}, expected ${want}`));
  }
}

/** At rest: mirror entries agree with the CPU page table (INV-H2). */
function checkMirrorEntry(world: World, mirror: string, page: number, out: Violation[]): void {
  const m = getMirror(world, mirror);
  if (m === undefined) return;
  const e = pvecGet(m.pt, page);
  if (e === null) return;
  const p = getProc(world, m.proc);
  const pte = p === undefined ? null : pvecGet(p.pt, page);
  const ok =
    pte !== null &&
    (pte.kind === 'present' || pte.kind === 'devicePrivate') &&
    pte.frame === e.frame &&
    (e.access !== 'write' || pte.write);
  if (!ok)
    out.push(
      v(
        'INV-H2',
        `${mirror} maps page ${page} to ${frameLabel(world, e.frame)} (${e.access}) but the CPU entry disagrees`,
      ),
    );
}

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
  for (const index of frames) checkFrameAtRest(world, index, getFrame(world, index), out);
  for (const [proc, ps] of pages) {
    for (const name of Object.keys(world.mirrors)) {
      if (getMirror(world, name)?.proc !== proc) continue;
      for (const p of ps) checkMirrorEntry(world, name, p, out);
    }
  }
  return dedupe(out);
}

/** Every invariant over the whole world (O(world)); at rest if `atRest`. */
export function checkWorld(world: World, atRest = false): Violation[] {
  const out: Violation[] = [];
  for (const [name, p] of Object.entries(world.procs)) {
    pvecForEach(p.pt, 0, Infinity, (page, pte) => checkPte(world, name, page, pte, out));
  }
  const allocated = new Map<string, number>();
  pvecForEach(world.frames, 0, Infinity, (index, f) => {
    checkFrame(world, index, f, out);
    if (atRest) checkFrameAtRest(world, index, f, out);
    if (f.zone === 'device' && f.refcount > 0) {
      const d = deviceOfFrame(world, index);
      if (d !== undefined) allocated.set(d.name, (allocated.get(d.name) ?? 0) + 1);
    }
  });
  for (const name of world.deviceNames) {
    const d = getDevice(world, name);
    if (d === undefined) continue;
    checkDevice(d, out);
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
      if (f.refcount !== 0)
        out.push(
          v('INV-P1', `${frameLabel(world, at)} is on the free list with refcount ${f.refcount}`),
        );
      at = typeof f.zoneDeviceData === 'number' ? f.zoneDeviceData : -1;
    }
    if (n !== d.nrFree)
      out.push(v('INV-P1', `${name}'s free list holds ${n} pages but counts ${d.nrFree}`));
  }
  if (atRest) {
    for (const [name, m] of Object.entries(world.mirrors)) {
      if (m.locked) out.push(v('INV-S3', `${name}'s driver lock is still held at rest`));
      pvecForEach(m.pt, 0, Infinity, (page) => checkMirrorEntry(world, name, page, out));
    }
  }
  return dedupe(out);
}

/** INV-M1 / INV-M2 on the struct migrate_vma that migrate_vma_setup returned. */
export function checkMigrateSetup(world: World, mig: MigrateVma): Violation[] {
  const out: Violation[] = [];
  const selected = mig.src.filter((s) => hasFlag(s, MIGRATE_PFN_MIGRATE)).length;
  if (mig.npages !== mig.end - mig.start || mig.cpages !== selected || mig.cpages > mig.npages) {
    out.push(
      v(
        'INV-M1',
        `npages ${mig.npages} for ${mig.end - mig.start} pages, cpages ${mig.cpages}, ${selected} marked MIGRATE`,
      ),
    );
  }
  for (const s of mig.src) {
    const frame = migratePfnToFrame(s);
    if (frame === null || !hasFlag(s, MIGRATE_PFN_MIGRATE)) continue;
    const f = getFrame(world, frame);
    // The page cache also holds a shmem page.
    const want = 1 + (frame === mig.faultPage ? 1 : 0) + (f.mapping === 'shmem' ? 1 : 0);
    if (!f.locked || f.mapcount !== 0 || f.refcount !== want) {
      out.push(
        v(
          'INV-M2',
          `${frameLabel(world, frame)}: locked ${f.locked}, mapcount ${f.mapcount}, refcount ${f.refcount} (want ${want})`,
        ),
      );
    }
  }
  return out;
}
