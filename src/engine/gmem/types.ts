/**
 * GMEM, the generalized memory management RFC (seed 003, domain.md §1.9, §2.18): its objects as
 * the model keeps them. GMEM was an RFC posted in 2023 and never merged; the model follows the
 * seed's code (mm/gmem.c, include/linux/gmem.h) and marks what comes from elsewhere.
 *
 * Where it lives: `World.gmem`, present when the scenario's kernel has CONFIG_GMEM
 * (`machine.kernel.gmem`, the `gmem=` boot option). Everything is plain immutable data.
 */

/** enum gm_ret (003:@3349): values 0..4. */
export const GM_RET = {
  GM_RET_SUCCESS: 0,
  GM_RET_NOMEM: 1,
  GM_RET_PAGE_EXIST: 2,
  GM_RET_MIGRATING: 3,
  GM_RET_FAILURE_UNKNOWN: 4,
} as const;
export type GmRetName = keyof typeof GM_RET;
export const GM_RET_NAMES = Object.keys(GM_RET) as readonly GmRetName[];

/** The name of a gm_ret value (the RFC mixes them with -errno returns: B14). */
export function gmRetName(ret: number): GmRetName | null {
  return GM_RET_NAMES.find((n) => GM_RET[n] === ret) ?? null;
}

/** GM_DEV_CAP_* (003: gm dev cap). */
export const GM_DEV_CAP = { REPLAYABLE: 0x1, PEER: 0x10 } as const;
export type GmCapName = keyof typeof GM_DEV_CAP;

/** enum gm_mmu_mode: stored on the context; the RFC's code never reads it (B14). */
export const GM_MMU_MODES = ['SHARE', 'COHERENT_EXCLUSIVE', 'REPLICATE'] as const;
export type GmMmuMode = (typeof GM_MMU_MODES)[number];

/** GM_PAGE_* flag values (003:@2979; WILLNEED from the RFC series, not in the seeds). */
export const GM_PAGE = { CPU: 0x10, DEVICE: 0x20, NOMAP: 0x40, WILLNEED: 0x80 } as const;
export type GmType = 'CPU' | 'DEVICE' | 'NOMAP';

/**
 * The model's HPAGE_SIZE in base pages. x86-64 has 512 (2 MiB / 4 KiB); the model scales it
 * down, as it scales RAM down, so that a chunk's pages can be drawn. Peer-shared VMAs are
 * chunk-aligned (the loader checks).
 */
export const HPAGE_PAGES = 4;

/** MAX_NUMNODES of the model: node 0 is the CPU's; hnode ids are allocated from 1. */
export const MAX_NUMNODES = 8;

/**
 * struct gm_mapping: GMEM's record of one chunk of virtual memory in the logical page table.
 * `flag` is the type (exactly one of CPU/DEVICE/NOMAP, INV-X1) and `willneed` the orthogonal
 * WILLNEED mark. In the kernel `page` and `dev` share a union; the model keeps both fields and
 * a setter that clears the other, which is what the union does.
 */
export interface GmMapping {
  readonly flag: GmType;
  readonly willneed: boolean;
  /** CPU: the host huge page (its base frames, head first). null after the union was overwritten. */
  readonly page: readonly number[] | null;
  /** DEVICE: the gm_dev (by its scenario name) the chunk lives on. */
  readonly dev: string | null;
  /** gm_mapping->lock (a mutex) is held. */
  readonly locked: boolean;
}

/** The behaviour of a driver's gm_mmu callback: what it returns (SUCCESS = do the work). */
export interface GmMmuBehaviour {
  readonly peer_map: GmRetName;
  readonly peer_unmap: GmRetName;
  readonly pmap_create: GmRetName;
}

/** A driver whose callbacks all do their work. */
export const MMU_OK: GmMmuBehaviour = Object.freeze({
  peer_map: 'GM_RET_SUCCESS',
  peer_unmap: 'GM_RET_SUCCESS',
  pmap_create: 'GM_RET_SUCCESS',
});

/** struct gm_dev (003:@2525). Keyed by the device's name in the machine. */
export interface GmDev {
  readonly name: string;
  /** xa_alloc()ed id; -1 after gm_dev_destroy erased it. */
  readonly id: number;
  readonly capability: number;
  readonly mmu: GmMmuBehaviour;
  /** Context names. dev->current_ctx. */
  readonly currentCtx: string | null;
  /**
   * dev->gm_ctx_list as the RFC's code links it: `list_add_tail(&dev->gm_ctx_list,
   * &ctx->gm_dev_link)` has its arguments swapped (B14), so walking the list from the device
   * finds only the last attached context.
   */
  readonly ctxList: readonly string[];
  /** Every context attached to this device, in order (what the list was meant to hold). */
  readonly ctxAttached: readonly string[];
  /** registered_hnodes: node ids. */
  readonly registeredHnodes: readonly number[];
  /** The model driver's own allocator of its local memory: true = in use (by device page). */
  readonly used: readonly boolean[];
}

/** struct hnode: a device's memory registered with gm_dev_register_physmem. */
export interface Hnode {
  readonly id: number;
  readonly dev: string;
  /** hnode->pages: one gm_mapping {pfn, flag 0} per device page; `free` = XA_MARK_0. */
  readonly pages: readonly { readonly pfn: number; readonly free: boolean }[];
}

/** struct gm_as (003:@8272). */
export interface GmAs {
  readonly name: string;
  readonly startVa: number;
  readonly endVa: number;
  /** Context names on as->gm_ctx_list. */
  readonly ctxList: readonly string[];
}

/** struct gm_context (003:@7523): one device attached to one address space. */
export interface GmContext {
  readonly name: string;
  readonly as: string;
  readonly dev: string;
  /** The process that called gm_as_attach ("current"). */
  readonly proc: string;
  readonly mode: GmMmuMode;
  /**
   * The device page table pmap_create made: chunk index → the device frames mapped there.
   * null if the context was freed (gm_as_destroy kfree()s it; pmap_destroy is never called).
   */
  readonly pmap: Readonly<Record<number, readonly number[]>>;
  /** kfree()d by gm_as_destroy: anything still pointing here dangles. */
  readonly freed: boolean;
}

/** struct vm_object of one process: its logical page table, chunk index → gm_mapping. */
export interface VmObject {
  readonly proc: string;
  readonly lpt: Readonly<Record<number, GmMapping>>;
}

/** A dma_map_page() of a host huge page for a device, until dma_unmap_page (B14: can leak). */
export interface GmDma {
  readonly dev: string;
  readonly frames: readonly number[];
  readonly proc: string;
  readonly chunk: number;
}

/** The whole GMEM side of the machine. */
export interface GmemState {
  /** The gmem= boot option was on: gmem_init ran and enabled the gmem_status static key. */
  readonly enabled: boolean;
  readonly devs: Readonly<Record<string, GmDev>>;
  readonly hnodes: Readonly<Record<number, Hnode>>;
  readonly ases: Readonly<Record<string, GmAs>>;
  readonly ctxs: Readonly<Record<string, GmContext>>;
  /** mm->vm_obj per process (created by the first peer-shared mmap). */
  readonly vmObjs: Readonly<Record<string, VmObject>>;
  /** current->mems_allowed beyond node 0, per process (INV-X6). */
  readonly memsAllowed: Readonly<Record<string, readonly number[]>>;
  /** Live DMA mappings of host pages. */
  readonly dma: readonly GmDma[];
  /** Contexts created so far (names them ctx0, ctx1, …). */
  readonly ctxSeq: number;
}

export function emptyGmem(enabled: boolean): GmemState {
  return {
    enabled,
    devs: {},
    hnodes: {},
    ases: {},
    ctxs: {},
    vmObjs: {},
    memsAllowed: {},
    dma: [],
    ctxSeq: 0,
  };
}

/** The chunk index of a virtual page, and the chunk's first page. */
export function chunkOf(page: number): number {
  return Math.floor(page / HPAGE_PAGES);
}
export function chunkStart(chunk: number): number {
  return chunk * HPAGE_PAGES;
}
