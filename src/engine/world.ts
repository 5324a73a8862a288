/**
 * Building a world and reading it: frame labels, VMA and device lookups. Pure functions on World.
 */
import { DEFAULT_CONFIG, type EngineConfig, type KernelSpec } from './config';
import { PVecEditor, pvecEmpty, pvecGet } from './pvec';
import { type GmMmuBehaviour, MMU_OK } from './gmem/types';
import type { Device, Frame, GupHandle, MemoryKind, Mirror, Proc, Pte, Vma, World } from './types';

/** The machine a scenario describes. */
export interface MachineSpec {
  readonly systemPages: number;
  /** Extension: the kernel era and fix toggles (config.ts); absent = the fixed kernel. */
  readonly kernel?: KernelSpec;
  readonly devices: readonly {
    readonly name: string;
    readonly memory: MemoryKind;
    readonly pages: number;
    /** Extension: driven through GMEM (seed 003) instead of test_hmm's HMM driver. */
    readonly driver?: 'hmm' | 'gmem';
    /** Extension, GMEM devices: what the driver's gm_mmu callbacks return. */
    readonly mmu?: Partial<GmMmuBehaviour>;
  }[];
}

/** A free system frame on the buddy free list. */
export function freeSysFrame(next: number, value = 0): Frame {
  return {
    zone: 'normal',
    refcount: 0,
    mapcount: 0,
    pincount: 0,
    locked: false,
    lru: false,
    mapping: null,
    rmapProcs: [],
    rmapPage: -1,
    value,
    zoneDeviceData: null,
    pgmap: null,
    freeNext: next,
  };
}

/** A device frame whose chunk is not mapped (no struct page yet, or after memunmap_pages). */
export function offlineDevFrame(value = 0): Frame {
  return { ...freeSysFrame(-1, value), zone: 'device' };
}

/**
 * A world with all system RAM free, the zero page, and each device's memory not yet registered
 * (createWorld.ts then registers one chunk per device, as test_hmm's dmirror_device_init does).
 */
export function createEmptyWorld(spec: MachineSpec, config: EngineConfig = DEFAULT_CONFIG): World {
  const ed = new PVecEditor<Frame>(pvecEmpty<Frame>());
  const n = spec.systemPages;
  for (let i = 0; i < n; i++) ed.set(i, freeSysFrame(i + 1 < n ? i + 1 : -1));
  const zeroFrame = n;
  // The shared zero page: reserved (one reference forever), never on an LRU, never rmapped.
  ed.set(zeroFrame, { ...freeSysFrame(-1), refcount: 1 });
  const devices: Record<string, Device> = {};
  let base = zeroFrame + 1;
  for (const d of spec.devices) {
    for (let i = 0; i < d.pages; i++) ed.set(base + i, offlineDevFrame());
    devices[d.name] = {
      name: d.name,
      memory: d.memory,
      pages: d.pages,
      base,
      pgmap: null,
      chunkRemove: false,
      freeHead: -1,
      nrFree: 0,
      nrAllocated: 0,
      calloc: 0,
      cfree: 0,
      generation: 0,
      ...(d.driver === 'gmem' ? { driver: 'gmem' as const, gmMmu: { ...MMU_OK, ...d.mmu } } : {}),
    };
    base += d.pages;
  }
  return {
    config,
    systemPages: n,
    zeroFrame,
    frames: ed.seal(),
    sysFreeHead: n > 0 ? 0 : -1,
    sysFree: n,
    deviceNames: spec.devices.map((d) => d.name),
    devices,
    procs: {},
    mirrors: {},
    gups: {},
    nextPid: 1,
    halted: null,
  };
}

function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export function getProc(world: World, name: string): Proc | undefined {
  return own(world.procs, name);
}
export function getMirror(world: World, name: string): Mirror | undefined {
  return own(world.mirrors, name);
}
export function getGup(world: World, name: string): GupHandle | undefined {
  return own(world.gups, name);
}
export function getDevice(world: World, name: string): Device | undefined {
  return own(world.devices, name);
}

/** The frame at a global index (throws if there is none: an engine bug). */
export function getFrame(world: World, index: number): Frame {
  const f = pvecGet(world.frames, index);
  if (f === null) throw new Error(`no frame ${index}`);
  return f;
}

export function getPte(world: World, proc: string, page: number): Pte | null {
  const p = getProc(world, proc);
  return p === undefined ? null : pvecGet(p.pt, page);
}

/** The device owning a global frame index, or undefined for system RAM and the zero page. */
export function deviceOfFrame(world: World, frame: number): Device | undefined {
  for (const name of world.deviceNames) {
    const d = own(world.devices, name);
    if (d !== undefined && frame >= d.base && frame < d.base + d.pages) return d;
  }
  return undefined;
}

/** The contract's frame id: `sys:N`, `sys:zero`, or `<device>:N`. */
export function frameLabel(world: World, frame: number): string {
  if (frame < world.systemPages) return `sys:${frame}`;
  if (frame === world.zeroFrame) return 'sys:zero';
  const d = deviceOfFrame(world, frame);
  return d === undefined ? `frame:${frame}` : `${d.name}:${frame - d.base}`;
}

/** find_vma() for one page: the VMA containing `page`, if any. */
export function findVma(vmas: readonly Vma[], page: number): Vma | undefined {
  let lo = 0;
  let hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = vmas[mid] as Vma;
    if (page < v.start) hi = mid - 1;
    else if (page >= v.end) lo = mid + 1;
    else return v;
  }
  return undefined;
}
