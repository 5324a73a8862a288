/**
 * What a transaction changed since its last micro-step (the `changed` set of the next one) and
 * the page copies it made: Tx records them as its editors write, and hands them over on emit().
 * Why marks and epochs: a frame changed twice in one micro-step is listed once, without a Set
 * on the hot path; bumping the epoch clears every mark at once.
 */
import type { Changes, FrameCopy } from './microstep';
import type { World } from './types';

/** What changed in one mirror: device-table pages, and whether its sequence number moved. */
export interface MirrorMark {
  pages: Set<number>;
  seq: boolean;
}

export class TxChanges {
  /** One past the last frame index: the sizes of the per-frame mark arrays. */
  private readonly frameEnd: number;
  /** Frames changed since the last micro-step (chMark == chEpoch), in first-change order. */
  private chMark: Uint32Array | null = null;
  private chEpoch = 1;
  private chFrames: number[] = [];
  private pendingCopies: FrameCopy[] = [];
  private readonly chPtes = new Map<string, Set<number>>();
  /** Device names, and `sys` for the system free list. */
  private readonly chDevices = new Set<string>();
  private readonly chMirrors = new Map<string, MirrorMark>();
  /** Process names, and `mirror:<name>` / `gup:<name>` for mirrors and GUP handles. */
  private readonly chProcs = new Set<string>();

  constructor(world: World) {
    const lastDevice = world.deviceNames[world.deviceNames.length - 1];
    const d = lastDevice === undefined ? undefined : world.devices[lastDevice];
    this.frameEnd = d === undefined ? world.zeroFrame + 1 : d.base + d.pages;
  }

  /** One past the last frame index (the end of the last device's range). */
  protected deviceEnd(): number {
    return this.frameEnd;
  }

  /** Notes that frame `i` changed. */
  protected markFrame(i: number): void {
    if (this.chMark === null) this.chMark = new Uint32Array(this.deviceEnd());
    if (this.chMark[i] !== this.chEpoch) {
      this.chMark[i] = this.chEpoch;
      this.chFrames.push(i);
    }
  }

  /** Notes that mirror `name` changed; the caller adds what (pages, seq) to the mark. */
  protected markMirror(name: string): MirrorMark {
    let m = this.chMirrors.get(name);
    if (m === undefined) this.chMirrors.set(name, (m = { pages: new Set(), seq: false }));
    return m;
  }

  /** Notes that `page` of `proc`'s page table changed. */
  protected markPte(proc: string, page: number): void {
    let s = this.chPtes.get(proc);
    if (s === undefined) this.chPtes.set(proc, (s = new Set()));
    s.add(page);
  }

  /** Notes that a device (or, as `sys`, the system free list) changed. */
  protected markDevice(name: string): void {
    this.chDevices.add(name);
  }

  /** Notes that a process (or `mirror:<name>`, `gup:<name>`) was added, replaced or removed. */
  protected markProc(name: string): void {
    this.chProcs.add(name);
  }

  /** Whether a frame changed since the last micro-step. */
  protected framesChanged(): boolean {
    return this.chFrames.length > 0;
  }

  /** The change set of the micro-step being recorded; starts the next one empty. */
  protected takeChanges(): Changes {
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
   * Notes that the page contents of `from` were copied into `to` (copy_highpage, the driver's
   * bounce copy) in the micro-step being built, so a view can show the copy moving.
   */
  noteCopy(from: number, to: number): void {
    this.pendingCopies.push({ from, to });
  }

  /** The copies noted since the last micro-step (and forgets them). */
  protected takeCopies(): FrameCopy[] {
    const copies = this.pendingCopies;
    this.pendingCopies = [];
    return copies;
  }
}
