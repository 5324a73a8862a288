/**
 * GMEM's device KPI (mm/gmem.c of seed 003, domain.md §2.18 G1-G2): gm_dev_create,
 * gm_dev_destroy and gm_dev_register_physmem, each as a table of its phases (phased.ts).
 */
import { err } from '../errno';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import type { PhasedOp } from './phased';
import { gmDevOf, gmHnodeOf, putDev, putHnode } from './state';
import { GM_DEV_CAP, GM_RET, type GmCapName, MAX_NUMNODES, MMU_OK, gmRetName } from './types';

export interface DevCreateCtx {
  readonly device: string;
  readonly cap: number;
  readonly ret: number;
  readonly id: number;
}

export function gmOutcome(ret: number, extra: Partial<OpOutcome> = {}): OpOutcome {
  const name = gmRetName(ret);
  return { ret, ...(name !== null && ret >= 0 ? { gm: { ret: name } } : {}), ...extra };
}

/** xa_alloc(&gm_dev_id_pool): the lowest id no live device holds. */
function lowestFreeId(tx: Tx): number {
  const used = new Set(Object.values(tx.gm().devs).map((d) => d.id));
  let id = 0;
  while (used.has(id)) id++;
  return id;
}

export const gmDevCreateOp: PhasedOp<{ device: string; cap: readonly GmCapName[] }, DevCreateCtx> =
  {
    id: 'gm_dev_create',
    initial: 'gmem_is_enabled',
    init: ({ device, cap }) => ({
      device,
      cap: cap.reduce((a, c) => a | GM_DEV_CAP[c], 0),
      ret: 0,
      id: -1,
    }),
    phases: {
      /** `if (!gmem_is_enabled()) return GM_RET_FAILURE_UNKNOWN;` */
      gmem_is_enabled: {
        run: (tx, c) => {
          const on = tx.gm().enabled;
          tx.emit(
            'gm_dev_create',
            'gm_dev_create.gmem_is_enabled',
            on
              ? `gm_dev_create for ${c.device}: the gmem_status static key is on (booted with gmem=on), so GMEM serves the driver.`
              : `gm_dev_create for ${c.device}: the kernel was booted without gmem=on, so gmem_is_enabled() is false and the call returns GM_RET_FAILURE_UNKNOWN (4). The driver must fall back to managing its memory itself.`,
          );
          return on ? c : { ...c, ret: GM_RET.GM_RET_FAILURE_UNKNOWN };
        },
        next: (c) => (c.ret === 0 ? 'xa_alloc' : null),
        to: ['xa_alloc'],
      },
      /** kmem_cache_alloc(gm_dev_cache) and xa_alloc(&gm_dev_id_pool, &dev->id, …). */
      xa_alloc: {
        run: (tx, c) => {
          const id = lowestFreeId(tx);
          putDev(tx, {
            name: c.device,
            id,
            capability: 0,
            mmu: MMU_OK,
            currentCtx: null,
            ctxList: [],
            ctxAttached: [],
            registeredHnodes: [],
            used: new Array<boolean>(tx.device(c.device).pages).fill(false),
          });
          tx.emit(
            'gm_dev_create',
            'gm_dev_create.xa_alloc',
            `A struct gm_dev comes from the gm_dev kmem_cache; xa_alloc gives it id ${id}, the lowest free one in gm_dev_id_pool.`,
          );
          return { ...c, id };
        },
        next: () => 'init',
        to: ['init'],
      },
      /** capability, mmu, dev_data, current_ctx = NULL, gm_ctx_list, nodes_clear(registered_hnodes). */
      init: {
        run: (tx, c) => {
          const d = gmDevOf(tx.gm(), c.device);
          if (d === undefined) throw new Error('gm_dev vanished');
          const devCfg = tx.device(c.device).gmMmu ?? MMU_OK;
          putDev(tx, { ...d, capability: c.cap, mmu: devCfg });
          const caps = (Object.keys(GM_DEV_CAP) as GmCapName[])
            .filter((k) => (c.cap & GM_DEV_CAP[k]) !== 0)
            .map((k) => `GM_DEV_CAP_${k}`);
          tx.emit(
            'gm_dev_create',
            'gm_dev_create.init',
            `${c.device} gets its capability (${caps.length > 0 ? caps.join(' | ') : 'none'}), the driver's struct gm_mmu (peer_map, peer_unmap, pmap_create… — the hardware functions GMEM will call), no current context, an empty context list and no registered memory nodes. Returns GM_RET_SUCCESS. (dma_dev is never set here.)`,
          );
          return c;
        },
        next: () => null,
        to: [],
      },
    },
    finish: (c) => gmOutcome(c.ret, c.ret === 0 ? { gm: { ret: 'GM_RET_SUCCESS', id: c.id } } : {}),
  };

export interface PhysmemCtx {
  readonly device: string;
  readonly begin: number;
  readonly end: number;
  readonly nid: number;
  readonly ret: number;
}

export const gmRegisterPhysmemOp: PhasedOp<
  { device: string; page: number; count: number },
  PhysmemCtx
> = {
  id: 'gm_dev_register_physmem',
  initial: 'alloc_hnode_id',
  init: ({ device, page, count }) => ({ device, begin: page, end: page + count, nid: -1, ret: 0 }),
  phases: {
    /** kmalloc(hnode); nid = alloc_hnode_id(); MAX_NUMNODES → -ENOMEM. */
    alloc_hnode_id: {
      run: (tx, c) => {
        let nid = 1;
        while (nid < MAX_NUMNODES && gmHnodeOf(tx.gm(), nid) !== undefined) nid++;
        const full = nid >= MAX_NUMNODES;
        tx.emit(
          'gm_dev_register_physmem',
          'gm_dev_register_physmem.alloc_hnode_id',
          full
            ? `Every node id below MAX_NUMNODES (${MAX_NUMNODES}) is taken: alloc_hnode_id returns MAX_NUMNODES, the hnode is freed and the call returns -ENOMEM (not a GM_RET_* value: the RFC mixes both conventions).`
            : `The driver hands GMEM pages ${c.begin}…${c.end - 1} of ${c.device}'s memory. GMEM kmallocs a struct hnode ("heterogeneous NUMA node") and alloc_hnode_id gives it node id ${nid}: device memory becomes a NUMA node.`,
        );
        return full ? { ...c, ret: err('ENOMEM') } : { ...c, nid };
      },
      next: (c) => (c.ret === 0 ? 'hnode_init' : null),
      to: ['hnode_init'],
    },
    /** hnodes[nid] = hnode; node_set(nid, dev->registered_hnodes); xa_init(&pages). */
    hnode_init: {
      run: (tx, c) => {
        putHnode(tx, { id: c.nid, dev: c.device, pages: [] }, c.nid);
        const d = gmDevOf(tx.gm(), c.device);
        if (d === undefined) throw new Error('gm_dev vanished');
        putDev(tx, {
          ...d,
          registeredHnodes: [...d.registeredHnodes, c.nid].sort((a, b) => a - b),
        });
        tx.emit(
          'hnode_init',
          'gm_dev_register_physmem.hnode_init',
          `hnode_init: hnodes[${c.nid}] points at ${c.device}, and node ${c.nid} is set in ${c.device}'s registered_hnodes (INV-X7 keeps both sides in step).`,
        );
        return c;
      },
      next: () => 'xa_store',
      to: ['xa_store'],
    },
    /** kvmalloc the gm_mappings {pfn, flag 0}; __xa_store each and set XA_MARK_0 (free). */
    xa_store: {
      run: (tx, c) => {
        const base = tx.device(c.device).base;
        const pages = [];
        for (let p = c.begin; p < c.end; p++) pages.push({ pfn: base + p, free: true });
        const h = gmHnodeOf(tx.gm(), c.nid);
        if (h === undefined) throw new Error('hnode vanished');
        putHnode(tx, { ...h, pages }, c.nid);
        tx.emit(
          'gm_dev_register_physmem',
          'gm_dev_register_physmem.xa_store',
          `One gm_mapping {pfn, flag 0} per device page (${pages.length}) goes into hnode ${c.nid}'s xarray, each marked XA_MARK_0 = free. This is GMEM's bookkeeping of device memory: a trimmed record instead of a ZONE_DEVICE struct page (the RFC's TODO asks for a real buddy allocator here). Returns GM_RET_SUCCESS.`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: (c) =>
    c.ret !== 0 ? { ret: c.ret } : gmOutcome(0, { gm: { ret: 'GM_RET_SUCCESS', nid: c.nid } }),
};

export const gmDevDestroyOp: PhasedOp<{ device: string }, { device: string }> = {
  id: 'gm_dev_destroy',
  initial: 'xa_erase',
  init: (i) => i,
  phases: {
    /** "TODO: implement it" — only xa_erase(&gm_dev_id_pool, dev->id). */
    xa_erase: {
      run: (tx, c) => {
        const d = gmDevOf(tx.gm(), c.device);
        if (d === undefined) throw new Error('no gm_dev');
        putDev(tx, { ...d, id: -1 });
        tx.emit(
          'gm_dev_destroy',
          'gm_dev_destroy.xa_erase',
          `gm_dev_destroy(${c.device}) is a TODO in the RFC: it only erases id ${d.id} from gm_dev_id_pool. The gm_dev itself, its contexts, its registered nodes and its mappings stay; nothing is freed.`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: () => gmOutcome(0),
};
