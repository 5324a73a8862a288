/**
 * The model's GMEM driver: the `struct gm_mmu` callbacks a device driver hands to
 * gm_dev_create() (003: struct gm_mmu). The RFC leaves them to the driver ("3,700 lines
 * implementing vendor-specific functions" for the Ascend NPU, 002:L283-302), so, like test_hmm
 * for HMM, the model has one simple driver of its own:
 * - its local memory is its own (a peer OS's or its firmware's): peer_map allocates a chunk's
 *   worth of device pages with a first-fit allocator, copies from the DMA address when `copy`
 *   is set, and enters the mapping in the page table of the device's current context;
 * - peer_unmap copies back when `copy` is set, frees the pages and removes the mapping;
 * - pmap_create makes an empty device page table.
 * A scenario can make a callback fail instead (`gm.mmu`, or the device's `mmu` in the machine):
 * it then returns that GM_RET_* and does nothing.
 * [model decision] the RFC patch never allocates from the hnode's free marks (its TODO asks for
 * a buddy allocator there), so this driver does not use them either.
 */
import type { Tx } from '../tx';
import { gmCtxOf, gmDevOf, putCtx, putDev } from './state';
import { GM_RET, HPAGE_PAGES } from './types';

/** struct gm_fault_t, reduced: the mm (a process), device, chunk, copy flag and DMA pages. */
export interface GmFault {
  readonly proc: string;
  readonly dev: string;
  readonly chunk: number;
  readonly copy: boolean;
  /** The host pages behind gmf.dma_addr (when copy is set). */
  readonly dma: readonly number[] | null;
}

/** What a callback did, for the narration. */
export interface GmCallResult {
  readonly ret: number;
  readonly why: string;
  /** The device pages it used (peer_map) or freed (peer_unmap). */
  readonly frames: readonly number[];
  /** The kernel dies here (a use-after-free of a freed context). */
  readonly uaf?: string;
}

function currentPmap(tx: Tx, devName: string) {
  const dev = gmDevOf(tx.gm(), devName);
  if (dev === undefined || dev.currentCtx === null) return { dev, ctx: undefined };
  return { dev, ctx: gmCtxOf(tx.gm(), dev.currentCtx) };
}

/** mmu->peer_map(gmf): "Create physical mappings on peer host. If copy is set, copy data". */
export function peerMap(tx: Tx, gmf: GmFault): GmCallResult {
  const { dev, ctx } = currentPmap(tx, gmf.dev);
  if (dev === undefined) throw new Error(`no gm_dev ${gmf.dev}`);
  if (dev.mmu.peer_map !== 'GM_RET_SUCCESS')
    return { ret: GM_RET[dev.mmu.peer_map], why: 'the driver is set to fail', frames: [] };
  if (ctx === undefined)
    return {
      ret: GM_RET.GM_RET_FAILURE_UNKNOWN,
      why: `${dev.name} has no current context (gm_as_attach with activate was never called), so the driver has no page table to map into`,
      frames: [],
    };
  if (ctx.freed)
    return {
      ret: GM_RET.GM_RET_FAILURE_UNKNOWN,
      why: `${dev.name}'s current context ${ctx.name} was freed by gm_as_destroy, but dev->current_ctx still points at it`,
      frames: [],
      uaf: ctx.name,
    };
  const have = ctx.pmap[gmf.chunk];
  if (have !== undefined)
    return { ret: GM_RET.GM_RET_SUCCESS, why: 'the chunk is already mapped here', frames: have };
  const free: number[] = [];
  for (let i = 0; i < dev.used.length && free.length < HPAGE_PAGES; i++)
    if (!dev.used[i]) free.push(i);
  if (free.length < HPAGE_PAGES)
    return {
      ret: GM_RET.GM_RET_NOMEM,
      why: `${dev.name} has ${free.length} free page${free.length === 1 ? '' : 's'}, a chunk needs ${HPAGE_PAGES}`,
      frames: [],
    };
  const base = tx.device(dev.name).base;
  const frames = free.map((i) => base + i);
  frames.forEach((f, i) => {
    const src = gmf.copy && gmf.dma !== null ? gmf.dma[i] : undefined;
    if (src !== undefined) {
      tx.edit(f).value = tx.frame(src).value;
      tx.noteCopy(src, f);
    } else {
      tx.edit(f).value = 0;
    }
  });
  const used = [...dev.used];
  for (const i of free) used[i] = true;
  putDev(tx, { ...dev, used });
  putCtx(tx, { ...ctx, pmap: { ...ctx.pmap, [gmf.chunk]: frames } });
  return { ret: GM_RET.GM_RET_SUCCESS, why: '', frames };
}

/** mmu->peer_unmap(gmf): "Destroy physical mappings on peer host. If copy is set, copy data back". */
export function peerUnmap(tx: Tx, gmf: GmFault): GmCallResult {
  const { dev, ctx } = currentPmap(tx, gmf.dev);
  if (dev === undefined) throw new Error(`no gm_dev ${gmf.dev}`);
  if (dev.mmu.peer_unmap !== 'GM_RET_SUCCESS')
    return { ret: GM_RET[dev.mmu.peer_unmap], why: 'the driver is set to fail', frames: [] };
  if (ctx === undefined || ctx.freed)
    return {
      ret: GM_RET.GM_RET_FAILURE_UNKNOWN,
      why: `${dev.name} has no live current context`,
      frames: [],
    };
  const have = ctx.pmap[gmf.chunk];
  if (have === undefined)
    return {
      ret: GM_RET.GM_RET_FAILURE_UNKNOWN,
      why: `${dev.name} maps nothing at chunk ${gmf.chunk}`,
      frames: [],
    };
  if (gmf.copy && gmf.dma !== null) {
    have.forEach((f, i) => {
      const dst = gmf.dma?.[i];
      if (dst === undefined) return;
      tx.edit(dst).value = tx.frame(f).value;
      tx.noteCopy(f, dst);
    });
  }
  const base = tx.device(dev.name).base;
  const used = [...dev.used];
  for (const f of have) used[f - base] = false;
  const pmap = { ...ctx.pmap };
  delete pmap[gmf.chunk];
  putDev(tx, { ...dev, used });
  putCtx(tx, { ...ctx, pmap });
  return { ret: GM_RET.GM_RET_SUCCESS, why: '', frames: have };
}
