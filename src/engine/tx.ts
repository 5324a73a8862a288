/**
 * A transaction over a World: the mutable working copy an op (or one phase of it) edits, and the
 * recorder of its micro-steps.
 *
 * Why a transaction: states must be immutable and structurally shared, yet an op touching 64
 * pages per phase must not copy a trie path for every single write. The Tx batches writes into
 * PVec editors and copy-on-write records; `emit()` seals them into an immutable World snapshot,
 * records what changed since the previous micro-step, and runs the invariant checks on it.
 * Tx itself never escapes: public phase functions wrap it (see `runPhase`).
 */
import type { EngineConfig } from './config';
import { checkChanged, checkWorld } from './invariants';
import { kernelFile, kernelLink } from './kernelSources';
import type { Changes, MicroStep, Violation } from './microstep';
import { PVecEditor } from './pvec';
import type { DevPagemap, Device, DptEntry, Frame, Mirror, Proc, Pte, World } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableFrame = Mutable<Frame>;
export type MutableDevice = Omit<Mutable<Device>, 'pgmap'> & { pgmap: Mutable<DevPagemap> | null };

/** A fresh copy of a frame (an object literal: much faster than a spread in V8). */
export function cloneFrame(f: Frame): MutableFrame {
  return {
    zone: f.zone,
    refcount: f.refcount,
    mapcount: f.mapcount,
    pincount: f.pincount,
    locked: f.locked,
    lru: f.lru,
    mapping: f.mapping,
    rmapProc: f.rmapProc,
    rmapPage: f.rmapPage,
    value: f.value,
    zoneDeviceData: f.zoneDeviceData,
    pgmap: f.pgmap,
    freeNext: f.freeNext,
  };
}

function cloneDevice(d: Device): MutableDevice {
  return { ...d, pgmap: d.pgmap === null ? null : { ...d.pgmap } };
}

interface MirrorMark {
  pages: Set<number>;
  seq: boolean;
}

function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export class Tx {
  readonly config: EngineConfig;
  readonly systemPages: number;
  readonly zeroFrame: number;
  readonly deviceNames: readonly string[];
  private readonly frames: PVecEditor<Frame>;
  private procs: Record<string, Proc>;
  private procsShared = true;
  private readonly ptEds = new Map<string, PVecEditor<Pte>>();
  private readonly ptDirty = new Set<string>();
  private devices: Record<string, Device>;
  private devicesShared = true;
  private mirrors: Record<string, Mirror>;
  private mirrorsShared = true;
  private readonly dptEds = new Map<string, PVecEditor<DptEntry>>();
  private readonly dptDirty = new Set<string>();
  private sysFreeHeadV: number;
  private sysFreeV: number;
  private nextPidV: number;
  private last: World;

  /** Frame objects created since the last seal may be edited in place (ownMark == ownEpoch). */
  private ownMark: Uint32Array | null = null;
  private ownEpoch = 1;
  /** Frames changed since the last micro-step (chMark == chEpoch), in first-change order. */
  private chMark: Uint32Array | null = null;
  private chEpoch = 1;
  private chFrames: number[] = [];
  private readonly ownedDevices = new Set<string>();
  private readonly devRanges: { name: string; base: number; end: number }[];
  private readonly chPtes = new Map<string, Set<number>>();
  private readonly chDevices = new Set<string>();
  private readonly chMirrors = new Map<string, MirrorMark>();
  private readonly chProcs = new Set<string>();

  readonly microsteps: MicroStep[] = [];
  readonly violations: { microstep: number; v: Violation }[] = [];
  private coalesceDepth = 0;
  private coalesced = 0;

  constructor(world: World) {
    this.config = world.config;
    this.systemPages = world.systemPages;
    this.zeroFrame = world.zeroFrame;
    this.deviceNames = world.deviceNames;
    this.frames = new PVecEditor(world.frames);
    this.procs = world.procs as Record<string, Proc>;
    this.devices = world.devices as Record<string, Device>;
    this.mirrors = world.mirrors as Record<string, Mirror>;
    this.sysFreeHeadV = world.sysFreeHead;
    this.sysFreeV = world.sysFree;
    this.nextPidV = world.nextPid;
    this.last = world;
    this.devRanges = world.deviceNames.map((name) => {
      const d = world.devices[name] as Device;
      return { name, base: d.base, end: d.base + d.pages };
    });
  }

  // ---- frames ---------------------------------------------------------------------------
  frame(i: number): Frame {
    const f = this.frames.get(i);
    if (f === null) throw new Error(`no frame ${i}`);
    return f;
  }
  private markFrame(i: number): void {
    if (this.chMark === null) this.chMark = new Uint32Array(this.deviceEnd());
    if (this.chMark[i] !== this.chEpoch) {
      this.chMark[i] = this.chEpoch;
      this.chFrames.push(i);
    }
  }
  private deviceEnd(): number {
    const lastRange = this.devRanges[this.devRanges.length - 1];
    return lastRange === undefined ? this.zeroFrame + 1 : lastRange.end;
  }
  /** Replaces frame `i` with `f` (which must not be edited afterwards). */
  setFrame(i: number, f: Frame): void {
    this.frames.set(i, f);
    if (this.ownMark !== null) this.ownMark[i] = 0;
    this.markFrame(i);
  }
  /**
   * A writable frame `i`: a copy made for this batch (or the one already made since the last
   * snapshot). Write its fields directly; it becomes immutable at the next snapshot.
   */
  edit(i: number): MutableFrame {
    if (this.ownMark === null) this.ownMark = new Uint32Array(this.deviceEnd());
    if (this.ownMark[i] === this.ownEpoch) {
      this.markFrame(i);
      return this.frame(i) as MutableFrame;
    }
    const n = cloneFrame(this.frame(i));
    this.frames.set(i, n);
    this.ownMark[i] = this.ownEpoch;
    this.markFrame(i);
    return n;
  }
  /** Applies `patch` to frame `i` (convenient; `edit` is faster in hot paths). */
  patchFrame(i: number, patch: Partial<Frame>): Frame {
    return Object.assign(this.edit(i), patch);
  }

  get sysFreeHead(): number {
    return this.sysFreeHeadV;
  }
  get sysFree(): number {
    return this.sysFreeV;
  }
  setSysFree(head: number, count: number): void {
    this.sysFreeHeadV = head;
    this.sysFreeV = count;
    this.chDevices.add('sys');
  }

  // ---- processes ------------------------------------------------------------------------
  proc(name: string): Proc | undefined {
    return own(this.procs, name);
  }
  procNames(): string[] {
    return Object.keys(this.procs);
  }
  /**
   * Replaces a process's metadata (VMAs, liveness). Its page table lives in the editor and is
   * kept, unless `freshPt` says `p.pt` is a new page table (a new process).
   * Note: `proc(name).pt` may lag behind the editor; read entries with `pte()`.
   */
  setProc(p: Proc, freshPt = false): void {
    if (this.procsShared) {
      this.procs = { ...this.procs };
      this.procsShared = false;
    }
    this.procs[p.name] = p;
    if (freshPt) {
      this.ptEds.delete(p.name);
      this.ptDirty.delete(p.name);
    }
    this.chProcs.add(p.name);
  }
  nextPid(): number {
    return this.nextPidV++;
  }
  private ptEd(proc: string): PVecEditor<Pte> {
    let ed = this.ptEds.get(proc);
    if (ed === undefined) {
      const p = this.proc(proc);
      if (p === undefined) throw new Error(`no process ${proc}`);
      ed = new PVecEditor(p.pt);
      this.ptEds.set(proc, ed);
    }
    return ed;
  }
  pte(proc: string, page: number): Pte | null {
    return this.ptEd(proc).get(page);
  }
  setPte(proc: string, page: number, pte: Pte | null): void {
    this.ptEd(proc).set(page, pte);
    this.ptDirty.add(proc);
    let s = this.chPtes.get(proc);
    if (s === undefined) this.chPtes.set(proc, (s = new Set()));
    s.add(page);
  }
  forEachPte(proc: string, from: number, to: number, fn: (page: number, pte: Pte) => void): void {
    this.ptEd(proc).forEach(from, to, fn);
  }

  // ---- devices --------------------------------------------------------------------------
  device(name: string): Device {
    const d = own(this.devices, name);
    if (d === undefined) throw new Error(`no device ${name}`);
    return d;
  }
  hasDevice(name: string): boolean {
    return own(this.devices, name) !== undefined;
  }
  setDevice(d: Device): void {
    if (this.devicesShared) {
      this.devices = { ...this.devices };
      this.devicesShared = false;
    }
    this.devices[d.name] = d;
    this.ownedDevices.delete(d.name);
    this.chDevices.add(d.name);
  }
  /** A writable copy of a device (and its pgmap), valid until the next snapshot. */
  editDevice(name: string): MutableDevice {
    if (this.ownedDevices.has(name)) {
      this.chDevices.add(name);
      return this.device(name) as MutableDevice;
    }
    const d = cloneDevice(this.device(name));
    this.setDevice(d as Device);
    this.ownedDevices.add(name);
    return d;
  }
  /** The device a global frame index belongs to (undefined for system RAM / zero page). */
  deviceOfFrame(frame: number): Device | undefined {
    for (const r of this.devRanges) {
      if (frame >= r.base && frame < r.end) return this.devices[r.name];
    }
    return undefined;
  }

  // ---- mirrors --------------------------------------------------------------------------
  mirror(name: string): Mirror | undefined {
    return own(this.mirrors, name);
  }
  private mirrorNamesCache: string[] | null = null;
  /** The open mirrors' names (cached: the hot notifier path asks for them on every fault). */
  mirrorNames(): readonly string[] {
    if (this.mirrorNamesCache === null) this.mirrorNamesCache = Object.keys(this.mirrors);
    return this.mirrorNamesCache;
  }
  private markMirror(name: string): MirrorMark {
    let m = this.chMirrors.get(name);
    if (m === undefined) this.chMirrors.set(name, (m = { pages: new Set(), seq: false }));
    return m;
  }
  /** Adds a new mirror or removes one (`null`); its device page table starts from `m.pt`. */
  setMirror(name: string, m: Mirror | null): void {
    if (this.mirrorsShared) {
      this.mirrors = { ...this.mirrors };
      this.mirrorsShared = false;
    }
    if (m === null) delete this.mirrors[name];
    else this.mirrors[name] = m;
    this.mirrorNamesCache = null;
    this.dptEds.delete(name);
    this.dptDirty.delete(name);
    this.chProcs.add(`mirror:${name}`);
  }
  private dptEd(name: string): PVecEditor<DptEntry> {
    let ed = this.dptEds.get(name);
    if (ed === undefined) {
      const m = this.mirror(name);
      if (m === undefined) throw new Error(`no mirror ${name}`);
      ed = new PVecEditor(m.pt);
      this.dptEds.set(name, ed);
    }
    return ed;
  }
  dpt(mirror: string, page: number): DptEntry | null {
    return this.dptEd(mirror).get(page);
  }
  setDpt(mirror: string, page: number, e: DptEntry | null): void {
    this.dptEd(mirror).set(page, e);
    this.dptDirty.add(mirror);
    this.markMirror(mirror).pages.add(page);
  }
  forEachDpt(mirror: string, from: number, to: number, fn: (p: number, e: DptEntry) => void) {
    this.dptEd(mirror).forEach(from, to, fn);
  }
  /** Takes or drops the mirror's driver lock (dmirror->mutex). */
  setMirrorLocked(name: string, locked: boolean): void {
    const m = this.mirror(name);
    if (m === undefined || m.locked === locked) return;
    if (this.mirrorsShared) {
      this.mirrors = { ...this.mirrors };
      this.mirrorsShared = false;
    }
    this.mirrors[name] = { ...m, locked };
    this.markMirror(name);
  }
  /** mmu_interval_set_seq(): the sequence number moves on. */
  bumpSeq(name: string): void {
    const m = this.mirror(name);
    if (m === undefined) return;
    if (this.mirrorsShared) {
      this.mirrors = { ...this.mirrors };
      this.mirrorsShared = false;
    }
    this.mirrors[name] = { ...m, seq: m.seq + 1 };
    this.markMirror(name).seq = true;
  }

  // ---- snapshots and micro-steps ---------------------------------------------------------
  /** Seals the working copy into an immutable World (cheap when nothing changed). */
  world(): World {
    const dirty =
      this.ptDirty.size > 0 ||
      this.dptDirty.size > 0 ||
      this.chFrames.length > 0 ||
      this.ownedDevices.size > 0 ||
      !this.procsShared ||
      !this.devicesShared ||
      !this.mirrorsShared ||
      this.sysFreeHeadV !== this.last.sysFreeHead ||
      this.sysFreeV !== this.last.sysFree ||
      this.nextPidV !== this.last.nextPid;
    if (!dirty) return this.last;
    if (this.ptDirty.size > 0) {
      const procs = this.procsShared ? { ...this.procs } : this.procs;
      for (const name of this.ptDirty) {
        const ed = this.ptEds.get(name);
        const p = own(procs, name);
        if (ed !== undefined && p !== undefined) procs[name] = { ...p, pt: ed.seal() };
      }
      this.procs = procs;
      this.ptDirty.clear();
    }
    if (this.dptDirty.size > 0) {
      const mirrors = this.mirrorsShared ? { ...this.mirrors } : this.mirrors;
      for (const name of this.dptDirty) {
        const ed = this.dptEds.get(name);
        const m = own(mirrors, name);
        if (ed !== undefined && m !== undefined) mirrors[name] = { ...m, pt: ed.seal() };
      }
      this.mirrors = mirrors;
      this.dptDirty.clear();
    }
    for (const ed of this.ptEds.values()) ed.seal();
    for (const ed of this.dptEds.values()) ed.seal();
    this.procsShared = this.devicesShared = this.mirrorsShared = true;
    this.ownEpoch++;
    this.ownedDevices.clear();
    this.last = {
      config: this.config,
      systemPages: this.systemPages,
      zeroFrame: this.zeroFrame,
      frames: this.frames.seal(),
      sysFreeHead: this.sysFreeHeadV,
      sysFree: this.sysFreeV,
      deviceNames: this.deviceNames,
      devices: this.devices,
      procs: this.procs,
      mirrors: this.mirrors,
      nextPid: this.nextPidV,
    };
    return this.last;
  }

  private takeChanges(): Changes {
    const changes: Changes = {
      ptes: [...this.chPtes].map(([proc, pages]) => ({ proc, pages: [...pages] })),
      frames: this.chFrames,
      devices: [...this.chDevices],
      mirrors: [...this.chMirrors].map(([mirror, m]) => ({
        mirror,
        pages: [...m.pages],
        seq: m.seq,
      })),
      procs: [...this.chProcs],
    };
    this.chPtes.clear();
    this.chFrames = [];
    this.chEpoch++;
    this.chDevices.clear();
    this.chMirrors.clear();
    this.chProcs.clear();
    return changes;
  }

  /** True if something changed since the last micro-step. */
  hasPendingChanges(): boolean {
    return (
      this.chFrames.length + this.chPtes.size + this.chDevices.size + this.chMirrors.size > 0 ||
      this.chProcs.size > 0
    );
  }

  /**
   * Records a micro-step: `fn` is the kernel function, `phase` the machine-layer phase. While
   * coalescing, only counts it (the changes keep accumulating into the summary micro-step).
   */
  emit(fn: string, phase: string, narration: string | (() => string)): void {
    if (this.coalesceDepth > 0) {
      this.coalesced++;
      return;
    }
    this.record(fn, phase, typeof narration === 'string' ? narration : narration(), 1);
  }

  private record(fn: string, phase: string, narration: string, coalesced: number): void {
    const world = this.world();
    const changed = this.takeChanges();
    const index = this.microsteps.length;
    this.microsteps.push({
      phase,
      fn,
      file: kernelFile(fn),
      src: kernelLink(fn),
      narration,
      changed,
      world,
      coalesced,
    });
    const mode = this.config.invariantChecks;
    if (mode === 'off') return;
    const found = mode === 'full' ? checkWorld(world) : checkChanged(world, changed);
    for (const v of found) this.violations.push({ microstep: index, v });
  }

  /** Starts merging micro-steps (nestable); see {@link endCoalesce}. */
  beginCoalesce(): void {
    if (this.coalesceDepth++ === 0) this.coalesced = 0;
  }

  /** Ends merging; the outermost call emits one summary micro-step if anything was merged. */
  endCoalesce(fn: string, phase: string, narration: (merged: number) => string): void {
    if (--this.coalesceDepth > 0) return;
    if (this.coalesced > 0 || this.hasPendingChanges()) {
      this.record(fn, phase, narration(this.coalesced), Math.max(1, this.coalesced));
    }
    this.coalesced = 0;
  }

  /** Whether micro-steps are currently being merged. */
  get coalescing(): boolean {
    return this.coalesceDepth > 0;
  }
}

/** The outcome of a public phase function: the next world, a value, and its micro-steps. */
export interface PhaseResult<T> {
  readonly world: World;
  readonly value: T;
  readonly microsteps: readonly MicroStep[];
  readonly violations: readonly { microstep: number; v: Violation }[];
}

/** Runs `body` in a fresh transaction and returns a pure result (the machine layer's entry). */
export function runPhase<T>(world: World, body: (tx: Tx) => T): PhaseResult<T> {
  const tx = new Tx(world);
  const value = body(tx);
  if (tx.hasPendingChanges()) {
    throw new Error('a phase left changes without a micro-step (engine bug)');
  }
  return { world: tx.world(), value, microsteps: tx.microsteps, violations: tx.violations };
}
