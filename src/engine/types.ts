/**
 * The engine's state: plain, immutable, JSON-serialisable objects (domain.md §1.10).
 *
 * Frames are addressed by a global index: system RAM is [0, systemPages), then the shared zero
 * page, then each device's memory in machine order (see world.ts `frameLabel`).
 */
import type { EngineConfig } from './config';
import type { PVec } from './pvec';
import type { GmMmuBehaviour, GmemState } from './gmem/types';

/** What `page->mapping` says: an anonymous page (anon_vma), a shmem page, or nothing. */
export type Mapping = 'anon' | 'shmem' | null;

/** struct page, reduced to what the simulator teaches (domain.md §1.1). */
export interface Frame {
  readonly zone: 'normal' | 'device';
  /** _refcount. Free device pages have 0 (ERA_C); free system pages have 0. */
  readonly refcount: number;
  /** _mapcount + 1: present, device-private and device-exclusive entries; never migration ones. */
  readonly mapcount: number;
  /**
   * FOLL_PIN pins. Each pin also holds one reference (refcount + 1): the kernel adds
   * GUP_PIN_COUNTING_BIAS (1024) per pin to an order-0 page's refcount and has no separate
   * counter; the model keeps +1 and this counter, as domain.md §1.1 and Appendix B.3 choose.
   */
  readonly pincount: number;
  /** PG_locked. */
  readonly locked: boolean;
  /** On an LRU list. Never true for ZONE_DEVICE pages (INV-P10). */
  readonly lru: boolean;
  readonly mapping: Mapping;
  /**
   * Reverse map, the model of `page->mapping` (anon_vma) + `page->index`: the processes whose
   * page table may hold an entry for this page, all at the same virtual page `rmapPage` (fork
   * copies an anonymous page to the same address, so one index serves every mapping). An rmap
   * walk (try_to_migrate, remove_migration_ptes) visits each and checks the entry really points
   * here. Empty for a free page.
   */
  readonly rmapProcs: readonly string[];
  readonly rmapPage: number;
  /** The page's content: one integer. */
  readonly value: number;
  /**
   * page->zone_device_data. test_hmm uses it as the free-list link while a device page is free
   * (a frame index, -1 = end of list) and, for device-private pages in use, to find the mirror
   * that owns the data (the mirror's name). `null` otherwise.
   */
  readonly zoneDeviceData: number | string | null;
  /** page->pgmap: the dev_pagemap id for device frames (null while the chunk is unmapped). */
  readonly pgmap: string | null;
  /** The buddy allocator's free-list link for free system frames (-1 = end), else -1. */
  readonly freeNext: number;
}

/** A CPU page-table entry (domain.md §1.2). `none` is an empty slot. */
export type Pte =
  | {
      readonly kind: 'present';
      readonly frame: number;
      readonly write: boolean;
      readonly dirty: boolean;
      /** The shared zero page (special: no refcount, no rmap). */
      readonly zero: boolean;
    }
  | { readonly kind: 'devicePrivate'; readonly frame: number; readonly write: boolean }
  | {
      readonly kind: 'migration';
      readonly frame: number;
      readonly write: boolean;
      readonly dirty: boolean;
    }
  | { readonly kind: 'deviceExclusive'; readonly frame: number; readonly write: boolean }
  /**
   * The 2015 API only (machine.kernel.api = "2015"): the special swap entry HMM put in the CPU
   * page table for a page migrated to device memory; a CPU fault on it calls the driver's
   * copy_from_device. `frame` is the fake device page holding the data (for display: the real
   * entry named no page, HMM's mirror table did). Never writable, holds no reference.
   */
  | { readonly kind: 'hmm'; readonly frame: number; readonly write: false };

export type PteKind = Pte['kind'];

/** A VMA: [start, end) in pages. Anonymous memory only, private or shared. */
export interface Vma {
  readonly start: number;
  readonly end: number;
  readonly read: boolean;
  readonly write: boolean;
  readonly shared: boolean;
  /**
   * MAP_PEER_SHARED (the GMEM RFC): memory GMEM manages in huge-page-sized chunks through the
   * process's logical page table (World.gmem). Absent on ordinary VMAs.
   */
  readonly peer?: boolean;
}

/** A process: its mm_struct. */
export interface Proc {
  readonly name: string;
  readonly pid: number;
  readonly alive: boolean;
  /** Sorted, non-overlapping. */
  readonly vmas: readonly Vma[];
  readonly pt: PVec<Pte>;
}

export type MemoryKind = 'private' | 'coherent';

/** struct dev_pagemap of one device-memory chunk. */
export interface DevPagemap {
  readonly id: string;
  readonly type: 'MEMORY_DEVICE_PRIVATE' | 'MEMORY_DEVICE_COHERENT';
  /** pgmap->owner: test_hmm sets it to the dmirror_device, i.e. the device name here. */
  readonly owner: string;
  /** percpu_ref count: base 1 while live + one per allocated page (ERA_C). */
  readonly refcount: number;
  /** percpu_ref is live (not yet killed by memunmap_pages). */
  readonly live: boolean;
}

/** A dmirror_device: one device-memory chunk and the driver's free list. */
export interface Device {
  readonly name: string;
  readonly memory: MemoryKind;
  readonly pages: number;
  /** Global index of the device's first frame. */
  readonly base: number;
  /** The chunk's pgmap, null after RELEASE until the next allocation creates a chunk. */
  readonly pgmap: DevPagemap | null;
  /** dmirror_chunk->remove: set while the chunk is being removed. */
  readonly chunkRemove: boolean;
  /** mdevice->free_pages: head of the free list (global frame index, -1 = empty). */
  readonly freeHead: number;
  readonly nrFree: number;
  /** Pages handed out and not yet freed (refcount > 0). */
  readonly nrAllocated: number;
  /** mdevice->calloc / cfree counters. */
  readonly calloc: number;
  readonly cfree: number;
  /** How many chunks (pgmaps) were created so far; names the pgmap ids. */
  readonly generation: number;
  /**
   * 2015 API: the dummy driver's `rmem_bitmap`, one bit per fake device page (seed 000 L26-27,
   * L511-574); the pages themselves are this device's frames. Absent on today's API.
   */
  readonly rmemBitmap?: readonly boolean[];
  /** 2015 API: the in-flight MIGRATE_TO event's `dpfn[]` (−1 = consumed), or null. */
  readonly dpfn?: readonly number[] | null;
  /**
   * Driven through GMEM (seed 003) instead of test_hmm: no ZONE_DEVICE chunk, no pgmap; the
   * memory is the driver's own, registered with gm_dev_register_physmem. Absent for HMM devices.
   */
  readonly driver?: 'gmem';
  /** GMEM devices: what the driver's gm_mmu callbacks return (machine `mmu`, op `gm.mmu`). */
  readonly gmMmu?: GmMmuBehaviour;
}

export type DptAccess = 'read' | 'write' | 'atomic';

/** A device page-table entry: holds no page reference (test_hmm relies on the notifier). */
export interface DptEntry {
  readonly frame: number;
  readonly access: DptAccess;
  /** 2015 API: the hmm_pte dirty bit (hmm_pte_set_dirty / hmm_pte_test_and_clear_dirty). */
  readonly dirty?: boolean;
}

/** A dmirror: one open() of a device, mirroring the opener's mm. */
export interface Mirror {
  readonly name: string;
  readonly device: string;
  readonly proc: string;
  /** mmu_interval_notifier invalidate_seq. */
  readonly seq: number;
  /** dmirror->mutex, the driver's update lock, is held (between read_retry and the update). */
  readonly locked: boolean;
  readonly pt: PVec<DptEntry>;
  /**
   * 2015 API: HMM's own mirror page table (`mirror->pt`, seed 000), which HMM kept beside the
   * driver's (`pt`, the dummy driver's `dmirror->pt`). Absent on today's and 2018's APIs.
   */
  readonly hmmPt?: PVec<DptEntry>;
}

/**
 * What get_user_pages / pin_user_pages handed back to its caller (the gup_test module, a DMA
 * driver): the pages of [start, start + frames.length) of `proc`, each holding one reference
 * (FOLL_GET) or one pin (FOLL_PIN), until `gup.unpin` puts them. The kernel keeps them across
 * the process's exit: a pin belongs to whoever took it, not to the mm (domain.md §2.12).
 */
export interface GupHandle {
  readonly name: string;
  readonly proc: string;
  readonly start: number;
  /** Global frame index of each page, in order. */
  readonly frames: readonly number[];
  /** FOLL_PIN (pin_user_pages) rather than FOLL_GET (get_user_pages). */
  readonly pin: boolean;
  readonly longterm: boolean;
  readonly write: boolean;
}

/**
 * What a buggy kernel does at the step where it breaks (issue 7): shown as an outcome of the
 * kernel, not an error of the app. `invariant` is the rule of domain.md §3 the fix restored.
 */
export type OutcomeKind = 'crash' | 'hang' | 'use-after-free' | 'livelock' | 'lost-write';

export interface KernelOutcome {
  readonly kind: OutcomeKind;
  readonly invariant: string;
  readonly message: string;
}

/** Outcomes after which the scenario cannot go on (the kernel died, or the thread never returns). */
export function haltsKernel(kind: OutcomeKind): boolean {
  return kind !== 'lost-write';
}

/** The whole simulated machine. */
export interface World {
  readonly config: EngineConfig;
  readonly systemPages: number;
  /** Global index of the shared zero page. */
  readonly zeroFrame: number;
  readonly frames: PVec<Frame>;
  /** Buddy allocator free list head (-1 = out of memory) and length. */
  readonly sysFreeHead: number;
  readonly sysFree: number;
  /** In machine order. */
  readonly deviceNames: readonly string[];
  readonly devices: Readonly<Record<string, Device>>;
  readonly procs: Readonly<Record<string, Proc>>;
  readonly mirrors: Readonly<Record<string, Mirror>>;
  /** GUP handles (`gup.get` / `gup.pin` `as`), held until `gup.unpin`. */
  readonly gups: Readonly<Record<string, GupHandle>>;
  readonly nextPid: number;
  /** The kernel crashed, hung or livelocked at an earlier step: nothing runs any more. */
  readonly halted: KernelOutcome | null;
  /** GMEM's objects (seed 003), on a kernel built with CONFIG_GMEM (machine.kernel.gmem). */
  readonly gmem?: GmemState;
}
