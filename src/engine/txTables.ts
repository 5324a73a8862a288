/**
 * The tables a transaction edits: processes with their CPU page tables, mirrors with their device
 * page tables, and GUP handles. A page table is edited through a PVecEditor kept per process or
 * mirror, and written back into its record only when the transaction seals a World.
 */
import { PVecEditor, pvecEmpty, pvecGet } from './pvec';
import { own, writeBack } from './txClone';
import { TxMemory } from './txMemory';
import type { DptEntry, GupHandle, Mirror, Proc, Pte, World } from './types';

/** The part of a World that {@link TxTables.sealTables} produces. */
export type SealedTables = Pick<World, 'procs' | 'mirrors' | 'gups' | 'nextPid'>;

export class TxTables extends TxMemory {
  private procs: Record<string, Proc>;
  private procsShared = true;
  private readonly ptEds = new Map<string, PVecEditor<Pte>>();
  private readonly ptDirty = new Set<string>();
  private mirrors: Record<string, Mirror>;
  private mirrorsShared = true;
  private readonly dptEds = new Map<string, PVecEditor<DptEntry>>();
  private readonly dptDirty = new Set<string>();
  private gups: Record<string, GupHandle>;
  private gupsShared = true;
  private nextPidV: number;

  constructor(world: World) {
    super(world);
    this.procs = world.procs as Record<string, Proc>;
    this.mirrors = world.mirrors as Record<string, Mirror>;
    this.gups = world.gups as Record<string, GupHandle>;
    this.nextPidV = world.nextPid;
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
    this.markProc(p.name);
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
    this.markPte(proc, page);
  }
  forEachPte(proc: string, from: number, to: number, fn: (page: number, pte: Pte) => void): void {
    this.ptEd(proc).forEach(from, to, fn);
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
  /** The mirrors' record, copied before its first write since the last seal. */
  private writableMirrors(): Record<string, Mirror> {
    if (this.mirrorsShared) {
      this.mirrors = { ...this.mirrors };
      this.mirrorsShared = false;
    }
    return this.mirrors;
  }
  /** Adds a new mirror or removes one (`null`); its device page table starts from `m.pt`. */
  setMirror(name: string, m: Mirror | null): void {
    const mirrors = this.writableMirrors();
    if (m === null) delete mirrors[name];
    else mirrors[name] = m;
    this.mirrorNamesCache = null;
    this.dptEds.delete(name);
    this.dptDirty.delete(name);
    this.markProc(`mirror:${name}`);
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
  /** 2015 API: an entry of HMM's own mirror table (`mirror->pt`, seed 000). */
  hmmPte(mirror: string, page: number): DptEntry | null {
    const m = this.mirror(mirror);
    return m?.hmmPt === undefined ? null : pvecGet(m.hmmPt, page);
  }
  setHmmPte(mirror: string, page: number, e: DptEntry | null): void {
    const m = this.mirror(mirror);
    if (m === undefined) throw new Error(`no mirror ${mirror}`);
    const ed = new PVecEditor(m.hmmPt ?? pvecEmpty<DptEntry>());
    ed.set(page, e);
    this.writableMirrors()[mirror] = { ...m, hmmPt: ed.seal() };
    this.markMirror(mirror).pages.add(page);
  }
  /** Takes or drops the mirror's driver lock (dmirror->mutex). */
  setMirrorLocked(name: string, locked: boolean): void {
    const m = this.mirror(name);
    if (m === undefined || m.locked === locked) return;
    this.writableMirrors()[name] = { ...m, locked };
    this.markMirror(name);
  }
  /** mmu_interval_set_seq(): the sequence number moves on. */
  bumpSeq(name: string): void {
    const m = this.mirror(name);
    if (m === undefined) return;
    this.writableMirrors()[name] = { ...m, seq: m.seq + 1 };
    this.markMirror(name).seq = true;
  }

  // ---- GUP handles ------------------------------------------------------------------------
  gup(name: string): GupHandle | undefined {
    return own(this.gups, name);
  }
  /** Records a GUP handle, or drops it (`null`); the change set names it `gup:<name>`. */
  setGup(name: string, h: GupHandle | null): void {
    if (this.gupsShared) {
      this.gups = { ...this.gups };
      this.gupsShared = false;
    }
    if (h === null) delete this.gups[name];
    else this.gups[name] = h;
    this.markProc(`gup:${name}`);
  }

  // ---- sealing --------------------------------------------------------------------------
  /** Whether a process, page table, mirror, GUP handle or the next pid differs from `last`. */
  protected tablesDirty(last: World): boolean {
    return (
      this.ptDirty.size > 0 ||
      this.dptDirty.size > 0 ||
      !this.procsShared ||
      !this.mirrorsShared ||
      !this.gupsShared ||
      this.nextPidV !== last.nextPid
    );
  }
  /** Writes the edited page tables back into their records and seals every table. */
  protected sealTables(): SealedTables {
    if (this.ptDirty.size > 0) {
      this.procs = writeBack(this.procs, this.procsShared, this.ptDirty, this.ptEds);
    }
    if (this.dptDirty.size > 0) {
      this.mirrors = writeBack(this.mirrors, this.mirrorsShared, this.dptDirty, this.dptEds);
    }
    for (const ed of this.ptEds.values()) ed.seal();
    for (const ed of this.dptEds.values()) ed.seal();
    this.procsShared = this.mirrorsShared = this.gupsShared = true;
    return { procs: this.procs, mirrors: this.mirrors, gups: this.gups, nextPid: this.nextPidV };
  }
}
