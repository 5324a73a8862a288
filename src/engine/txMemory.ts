/**
 * The memory a transaction edits: frames (system RAM, the zero page, device memory), the system
 * free list and the devices with their pgmaps, as copy-on-write working copies of a World's.
 * TxTables and Tx build on it; TxChanges records what each write touched.
 */
import type { EngineConfig } from './config';
import { PVecEditor } from './pvec';
import { type MutableDevice, type MutableFrame, cloneDevice, cloneFrame, own } from './txClone';
import { TxChanges } from './txChanges';
import type { Device, Frame, World } from './types';

/** The part of a World that {@link TxMemory.sealMemory} produces. */
export type SealedMemory = Pick<World, 'frames' | 'sysFreeHead' | 'sysFree' | 'devices'>;

export class TxMemory extends TxChanges {
  readonly config: EngineConfig;
  readonly systemPages: number;
  readonly zeroFrame: number;
  readonly deviceNames: readonly string[];
  private readonly frames: PVecEditor<Frame>;
  private devices: Record<string, Device>;
  private devicesShared = true;
  private sysFreeHeadV: number;
  private sysFreeV: number;
  /** Frame objects created since the last seal may be edited in place (ownMark == ownEpoch). */
  private ownMark: Uint32Array | null = null;
  private ownEpoch = 1;
  private readonly ownedDevices = new Set<string>();
  private readonly devRanges: { name: string; base: number; end: number }[];

  constructor(world: World) {
    super(world);
    this.config = world.config;
    this.systemPages = world.systemPages;
    this.zeroFrame = world.zeroFrame;
    this.deviceNames = world.deviceNames;
    this.frames = new PVecEditor(world.frames);
    this.devices = world.devices as Record<string, Device>;
    this.sysFreeHeadV = world.sysFreeHead;
    this.sysFreeV = world.sysFree;
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
    this.markDevice('sys');
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
    this.markDevice(d.name);
  }
  /** A writable copy of a device (and its pgmap), valid until the next snapshot. */
  editDevice(name: string): MutableDevice {
    if (this.ownedDevices.has(name)) {
      this.markDevice(name);
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

  // ---- sealing --------------------------------------------------------------------------
  /** Whether frames, devices or the free list differ from `last`, the previous seal. */
  protected memoryDirty(last: World): boolean {
    return (
      this.framesChanged() ||
      this.ownedDevices.size > 0 ||
      !this.devicesShared ||
      this.sysFreeHeadV !== last.sysFreeHead ||
      this.sysFreeV !== last.sysFree
    );
  }
  /** Seals frames and devices: from now on, a write copies a record again. */
  protected sealMemory(): SealedMemory {
    this.devicesShared = true;
    this.ownEpoch++;
    this.ownedDevices.clear();
    return {
      frames: this.frames.seal(),
      sysFreeHead: this.sysFreeHeadV,
      sysFree: this.sysFreeV,
      devices: this.devices,
    };
  }
}
