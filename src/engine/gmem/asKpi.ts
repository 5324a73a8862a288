/**
 * GMEM's address-space KPI (mm/gmem.c of seed 003, domain.md §2.18 G3-G4): gm_as_create,
 * gm_as_destroy and gm_as_attach, as tables of their phases (phased.ts).
 */
import { err } from '../errno';
import type { Tx } from '../tx';
import { gmOutcome } from './devKpi';
import type { PhasedOp } from './phased';
import { gmAsOf, gmCtxOf, gmDevOf, putAs, putCtx, putDev, setMems } from './state';
import { GM_RET, type GmMmuMode } from './types';

const MODE_INTENT: Readonly<Record<GmMmuMode, string>> = {
  SHARE:
    'share one physical page table with another attached MMU (needs cache-coherent device memory)',
  COHERENT_EXCLUSIVE:
    'keep a coherent page table of exclusive entries, so device accesses fault and migrate data (no cache-coherent link needed)',
  REPLICATE:
    'replicate every physical mapping installed in the address space, to avoid device faults (needs cache-coherent device memory)',
};

export interface AsCreateCtx {
  readonly as: string;
  readonly begin: number;
  readonly end: number;
  readonly ret: number;
}

export const gmAsCreateOp: PhasedOp<{ as: string; page: number; count: number }, AsCreateCtx> = {
  id: 'gm_as_create',
  initial: 'kmem_cache_alloc',
  init: ({ as, page, count }) => ({ as, begin: page, end: page + count, ret: 0 }),
  phases: {
    /** as = kmem_cache_alloc(gm_as_cache, GFP_ATOMIC); spin_lock_init; start/end; list. */
    kmem_cache_alloc: {
      run: (tx, c) => {
        if (!tx.gm().enabled) {
          // gmem_init() returned early without creating gm_as_cache; gm_as_create does not
          // check gmem_is_enabled() as gm_dev_create does [analysis].
          tx.fail({
            kind: 'crash',
            invariant: 'INV-X9',
            message:
              'gm_as_create does not check gmem_is_enabled(): with gmem off, gm_as_cache was never created and kmem_cache_alloc(NULL, GFP_ATOMIC) dereferences a NULL cache.',
          });
          tx.emit(
            'gm_as_create',
            'gm_as_create.kmem_cache_alloc',
            'gm_as_create with GMEM off: kmem_cache_alloc(gm_as_cache = NULL) — the kernel oopses (B14-style gap: only gm_dev_create checks gmem_is_enabled).',
          );
          return { ...c, ret: err('EFAULT') };
        }
        putAs(tx, { name: c.as, startVa: c.begin, endVa: c.end, ctxList: [] }, c.as);
        tx.emit(
          'gm_as_create',
          'gm_as_create.kmem_cache_alloc',
          `gm_as_create: a struct gm_as ${c.as} for virtual pages ${c.begin}…${c.end - 1} with an empty context list. It is a unified address space for the CPU and devices — but nothing in this patch links it to the process's mm (mm->gm_as stays unset).`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: (c) => (c.ret !== 0 ? { ret: c.ret } : gmOutcome(GM_RET.GM_RET_SUCCESS)),
};

export const gmAsDestroyOp: PhasedOp<{ as: string }, { as: string; ctxs: readonly string[] }> = {
  id: 'gm_as_destroy',
  initial: 'kfree_contexts',
  init: ({ as }) => ({ as, ctxs: [] }),
  phases: {
    /** list_for_each_entry_safe(ctx, …, &as->gm_ctx_list, gm_as_link) kfree(ctx); */
    kfree_contexts: {
      run: (tx, c) => {
        const a = gmAsOf(tx.gm(), c.as);
        if (a === undefined) throw new Error('no gm_as');
        for (const name of a.ctxList) {
          const ctx = gmCtxOf(tx.gm(), name);
          if (ctx !== undefined) putCtx(tx, { ...ctx, freed: true });
        }
        const dangling = Object.values(tx.gm().devs).filter(
          (d) => d.currentCtx !== null && a.ctxList.includes(d.currentCtx),
        );
        tx.emit(
          'gm_as_destroy',
          'gm_as_destroy.kfree_contexts',
          a.ctxList.length === 0
            ? `${c.as} has no contexts to free.`
            : `gm_as_destroy kfree()s every context on ${c.as}'s list (${a.ctxList.join(', ')}) — objects that came from gm_ctx_cache, so kmem_cache_free was meant — and never calls pmap_destroy: the device page tables and the device memory they map stay.${dangling.length > 0 ? ` ${dangling.map((d) => d.name).join(', ')} still point${dangling.length === 1 ? 's' : ''} at a freed context as current_ctx.` : ''}`,
        );
        return { ...c, ctxs: a.ctxList };
      },
      next: () => 'kmem_cache_free',
      to: ['kmem_cache_free'],
    },
    kmem_cache_free: {
      run: (tx, c) => {
        putAs(tx, null, c.as);
        tx.emit('gm_as_destroy', 'gm_as_destroy.kmem_cache_free', `${c.as} is freed.`);
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: () => gmOutcome(GM_RET.GM_RET_SUCCESS),
};

export interface AttachInput {
  readonly as: string;
  readonly device: string;
  readonly proc: string;
  readonly mode: GmMmuMode;
  readonly activate: boolean;
}
export interface AttachCtx extends AttachInput {
  readonly ctx: string;
  readonly ret: number;
}

function ctxName(tx: Tx): string {
  return `ctx${tx.gm().ctxSeq}`;
}

export const gmAsAttachOp: PhasedOp<AttachInput, AttachCtx> = {
  id: 'gm_as_attach',
  initial: 'pmap_create',
  init: (i) => ({ ...i, ctx: '', ret: 0 }),
  phases: {
    /** ctx = kmem_cache_alloc(gm_ctx_cache); ctx->as/dev; ret = dev->mmu->pmap_create(dev, &ctx->pmap). */
    pmap_create: {
      run: (tx, c) => {
        const dev = gmDevOf(tx.gm(), c.device);
        if (dev === undefined) throw new Error('no gm_dev');
        const name = ctxName(tx);
        const g = tx.gm();
        tx.setGm({ ...g, ctxSeq: g.ctxSeq + 1 });
        const fails = dev.mmu.pmap_create !== 'GM_RET_SUCCESS';
        if (!fails) {
          putCtx(tx, {
            name,
            as: c.as,
            dev: c.device,
            proc: c.proc,
            mode: c.mode,
            pmap: {},
            freed: false,
          });
        }
        tx.emit(
          'gm_as_attach',
          'gm_as_attach.pmap_create',
          fails
            ? `gm_as_attach allocates a context and calls ${c.device}'s pmap_create, which returns ${dev.mmu.pmap_create}: the context is freed and that value is returned (INV-X9: no context without a device page table).`
            : `gm_as_attach(${c.as}, ${c.device}, GM_MMU_MODE_${c.mode}) allocates context ${name} and calls the driver's pmap_create: ${c.device} builds an empty device page table (pmap) for it.`,
        );
        return fails ? { ...c, ret: GM_RET[dev.mmu.pmap_create] } : { ...c, ctx: name };
      },
      next: (c) => (c.ret === 0 ? 'list_add_tail' : null),
      to: ['list_add_tail'],
    },
    /** list_add_tail(&dev->gm_ctx_list, &ctx->gm_dev_link) (swapped, B14); list_add_tail(&ctx->gm_as_link, &as->gm_ctx_list). */
    list_add_tail: {
      run: (tx, c) => {
        const dev = gmDevOf(tx.gm(), c.device);
        const a = gmAsOf(tx.gm(), c.as);
        if (dev === undefined || a === undefined) throw new Error('attach lost its objects');
        const lost = dev.ctxList.filter((x) => x !== c.ctx);
        putDev(tx, { ...dev, ctxList: [c.ctx], ctxAttached: [...dev.ctxAttached, c.ctx] });
        putAs(tx, { ...a, ctxList: [...a.ctxList, c.ctx] }, c.as);
        tx.emit(
          'gm_as_attach',
          'gm_as_attach.list_add_tail',
          `${c.ctx} joins ${c.as}'s context list. The device side is written list_add_tail(&dev->gm_ctx_list, &ctx->gm_dev_link): the arguments are swapped (the intent is to add the context to the device's list), so the device's list head is spliced into the context's own list.${lost.length > 0 ? ` Walking ${c.device}'s list now finds only ${c.ctx}: ${lost.join(', ')} dropped off.` : ` With one context the walk still finds it, by accident.`} Nothing in this patch walks that list, so nothing breaks yet.`,
        );
        return c;
      },
      next: (c) => (c.activate ? 'activate' : 'mems_allowed'),
      to: ['activate', 'mems_allowed'],
    },
    /** if (activate) dev->current_ctx = ctx; — "we should really have a callback … flushing the CR3 value". */
    activate: {
      run: (tx, c) => {
        const dev = gmDevOf(tx.gm(), c.device);
        if (dev === undefined) throw new Error('no gm_dev');
        putDev(tx, { ...dev, currentCtx: c.ctx });
        tx.emit(
          'gm_as_attach',
          'gm_as_attach.activate',
          `activate: ${c.device}'s current_ctx = ${c.ctx}. The RFC's comment says a hardware context switch callback belongs here (like reloading CR3 on x86); there is none yet.`,
        );
        return c;
      },
      next: () => 'mems_allowed',
      to: ['mems_allowed'],
    },
    /** for_each_node_mask(nid, dev->registered_hnodes) node_set(nid, current->mems_allowed); */
    mems_allowed: {
      run: (tx, c) => {
        const dev = gmDevOf(tx.gm(), c.device);
        if (dev === undefined) throw new Error('no gm_dev');
        const had = tx.gm().memsAllowed[c.proc] ?? [];
        const next = [...new Set([...had, ...dev.registeredHnodes])].sort((a, b) => a - b);
        if (next.length !== had.length) setMems(tx, c.proc, next);
        tx.emit(
          'gm_as_attach',
          'gm_as_attach.mems_allowed',
          `${dev.registeredHnodes.length > 0 ? `Node${dev.registeredHnodes.length === 1 ? '' : 's'} ${dev.registeredHnodes.join(', ')} of ${c.device} join${dev.registeredHnodes.length === 1 ? 's' : ''} ${c.proc}'s mems_allowed: the process may now allocate from device memory like from any NUMA node.` : `${c.device} registered no memory, so ${c.proc}'s mems_allowed is unchanged.`} The mode GM_MMU_MODE_${c.mode} is not used by any line of gm_as_attach (the model shows it on the context as planned behaviour); its comment describes the intent: ${MODE_INTENT[c.mode]}. Returns GM_RET_SUCCESS.`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: (c) => (c.ret !== 0 ? gmOutcome(c.ret) : gmOutcome(GM_RET.GM_RET_SUCCESS)),
};
