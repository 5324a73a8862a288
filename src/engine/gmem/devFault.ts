/**
 * gm_dev_fault(mm, addr, dev, hint): GMEM's generic device page-fault handler (mm/gmem.c of
 * seed 003 @12827-15450, domain.md §2.18 G5), phase by phase. One fault moves one
 * HPAGE_SIZE chunk. Where the code and its comments part ways (B14), the model runs the code and
 * the narration says what was meant.
 */
import { getPage, putPage } from '../mm/pageAlloc';
import { zapPteRange } from '../mm/zap';
import { mmuNotifierInvalidate } from '../mm/notifier';
import type { Tx } from '../tx';
import { gmOutcome } from './devKpi';
import { type GmCallResult, peerMap } from './driver';
import type { PhasedOp } from './phased';
import {
  NEW_MAPPING,
  addDma,
  flagsSet,
  gmMappingOf,
  hasVmObj,
  putMapping,
  removeDma,
} from './state';
import { GM_RET, HPAGE_PAGES, chunkOf, chunkStart, gmRetName } from './types';

export interface DevFaultInput {
  readonly proc: string;
  readonly device: string;
  readonly page: number;
  readonly hint: 'MARK_HOT' | null;
}

export interface DevFaultCtx extends DevFaultInput {
  readonly chunk: number;
  readonly ret: number;
  /** Where mutex_lock's branch goes. */
  readonly branch: 'nomap' | 'device' | 'cpu' | 'cpu-null' | null;
  /** `page`: the host huge page gm_dev_fault took a reference on (CPU branch). */
  readonly host: readonly number[] | null;
  readonly copy: boolean;
  readonly peer: GmCallResult | null;
}

const FN = 'gm_dev_fault';
const phase = (p: string) => `${FN}.${p}`;

function mapping(tx: Tx, c: DevFaultCtx) {
  const m = gmMappingOf(tx.gm(), c.proc, c.chunk);
  if (m === undefined) throw new Error(`chunk ${c.chunk} of ${c.proc} has no gm_mapping`);
  return m;
}

function chunkText(c: { chunk: number }): string {
  const s = chunkStart(c.chunk);
  return `chunk c${c.chunk} (pages ${s}…${s + HPAGE_PAGES - 1})`;
}

export const gmDevFaultOp: PhasedOp<DevFaultInput, DevFaultCtx> = {
  id: FN,
  initial: 'mmap_read_lock',
  init: (i) => ({
    ...i,
    chunk: chunkOf(i.page),
    ret: GM_RET.GM_RET_SUCCESS,
    branch: null,
    host: null,
    copy: false,
    peer: null,
  }),
  phases: {
    /** mmap_read_lock(mm); obj = mm->vm_obj; vma = find_vma(mm, addr). */
    mmap_read_lock: {
      run: (tx, c) => {
        const p = tx.proc(c.proc);
        const noObj = !hasVmObj(tx, c.proc);
        // find_vma() returns the first VMA ending above addr, even one starting above it: the
        // code does not check vma->vm_start <= addr.
        const vma = p?.vmas.find((x) => x.end > c.page);
        const fail = noObj || vma === undefined;
        tx.emit(
          FN,
          phase('mmap_read_lock'),
          noObj
            ? `${c.device} faults on page ${c.page} of ${c.proc}: gm_dev_fault takes mmap_read_lock, but ${c.proc} has no vm_object (no peer-shared mapping created one), so it returns GM_RET_FAILURE_UNKNOWN ("no vm_obj").`
            : vma === undefined
              ? `${c.device} faults on page ${c.page} of ${c.proc}: find_vma finds no VMA at or above it, so gm_dev_fault returns GM_RET_FAILURE_UNKNOWN ("no vma").`
              : `${c.device} faults on page ${c.page} of ${c.proc}${c.hint !== null ? ' with GM_FAULT_HINT_MARK_HOT' : ''}: the driver calls gm_dev_fault, which takes mmap_read_lock and finds ${c.proc}'s vm_object and VMA. The unit of work is the whole ${chunkText(c)}.`,
        );
        return fail ? { ...c, ret: GM_RET.GM_RET_FAILURE_UNKNOWN } : c;
      },
      next: (c) => (c.ret !== 0 ? 'mmap_unlock' : 'vm_object_lookup'),
      to: ['mmap_unlock', 'vm_object_lookup'],
    },
    /** xa_lock; gm_mapping = vm_object_lookup(obj, addr), or vm_object_mapping_create. */
    vm_object_lookup: {
      run: (tx, c) => {
        const had = gmMappingOf(tx.gm(), c.proc, c.chunk);
        if (had === undefined) putMapping(tx, c.proc, c.chunk, NEW_MAPPING);
        tx.emit(
          'vm_object_lookup',
          phase('vm_object_lookup'),
          had === undefined
            ? `Under the logical page table's xa_lock, vm_object_lookup finds no gm_mapping for ${chunkText(c)}; vm_object_mapping_create makes one, NOMAP (no data anywhere yet).`
            : `vm_object_lookup finds ${chunkText(c)}'s gm_mapping in the logical page table: ${had.flag}${had.willneed ? '+WILLNEED' : ''}.`,
        );
        return c;
      },
      next: () => 'mutex_lock',
      to: ['mutex_lock'],
    },
    /** mutex_lock(&gm_mapping->lock), then the branch on its state. */
    mutex_lock: {
      run: (tx, c) => {
        const m = mapping(tx, c);
        putMapping(tx, c.proc, c.chunk, { ...m, locked: true });
        const branch =
          m.flag === 'NOMAP'
            ? 'nomap'
            : m.flag === 'DEVICE'
              ? 'device'
              : m.page === null
                ? 'cpu-null'
                : 'cpu';
        const what: Record<typeof branch, string> = {
          nomap: 'NOMAP: nothing to copy, straight to peer_map.',
          device:
            c.hint === 'MARK_HOT'
              ? `DEVICE (on ${m.dev ?? '?'}) and the hint is MARK_HOT: peer_map again, on ${c.device}.`
              : `DEVICE (on ${m.dev ?? '?'}) without a hint: already on a device, nothing to do — return 0 (INV-X5).`,
          cpu: 'CPU: the data is in a host huge page the CPU maps; it must move.',
          'cpu-null': 'CPU, but gm_mapping->page is NULL.',
        };
        tx.emit(
          FN,
          phase('mutex_lock'),
          `mutex_lock(&gm_mapping->lock); the mapping is ${what[branch]}`,
        );
        return { ...c, branch };
      },
      next: (c) =>
        c.branch === 'nomap'
          ? 'peer_map'
          : c.branch === 'device'
            ? c.hint === 'MARK_HOT'
              ? 'peer_map'
              : 'mutex_unlock'
            : c.branch === 'cpu'
              ? 'zap_page_range_single'
              : 'set_nomap',
      to: ['peer_map', 'mutex_unlock', 'zap_page_range_single', 'set_nomap'],
    },
    /** "host gm_mapping page is NULL. Set nomap" — ret stays GM_RET_SUCCESS. */
    set_nomap: {
      run: (tx, c) => {
        putMapping(tx, c.proc, c.chunk, flagsSet(mapping(tx, c), 'NOMAP'));
        tx.emit(
          FN,
          phase('set_nomap'),
          `pr_err("host gm_mapping page is NULL. Set nomap"): the mapping becomes NOMAP and gm_dev_fault returns GM_RET_SUCCESS — without mapping anything on ${c.device}.`,
        );
        return c;
      },
      next: () => 'mutex_unlock',
      to: ['mutex_unlock'],
    },
    /** get_page(page); zap_page_range_single(vma, addr, size); dma_map_page(); gmf.copy = true. */
    zap_page_range_single: {
      run: (tx, c) => {
        const m = mapping(tx, c);
        const host = m.page ?? [];
        for (const f of host) getPage(tx, f);
        const start = chunkStart(c.chunk);
        // zap_page_range_single() runs the mmu notifiers (HMM mirrors of this mm are told too).
        mmuNotifierInvalidate(tx, c.proc, start, start + HPAGE_PAGES, 'CLEAR', null, phase('zap'));
        zapPteRange(tx, c.proc, start, start + HPAGE_PAGES);
        addDma(tx, { dev: c.device, frames: host, proc: c.proc, chunk: c.chunk });
        tx.emit(
          'zap_page_range_single',
          phase('zap_page_range_single'),
          `get_page(page) keeps the host huge page alive (refcount +1), zap_page_range_single removes the CPU's mapping of the whole chunk (PMD → none: mapcount −1, refcount −1), and dma_map_page maps the page for ${c.device}'s DMA engine. gmf.copy = true: the data must travel.`,
        );
        return { ...c, host, copy: true };
      },
      next: () => 'peer_map',
      to: ['peer_map'],
    },
    /** ret = mmu->peer_map(&gmf): the device allocates, copies if gmf.copy, maps. */
    peer_map: {
      run: (tx, c) => {
        const before = mapping(tx, c);
        const r = peerMap(tx, {
          proc: c.proc,
          dev: c.device,
          chunk: c.chunk,
          copy: c.copy,
          dma: c.host,
        });
        if (r.uaf !== undefined) {
          tx.fail({
            kind: 'use-after-free',
            invariant: 'INV-X9',
            message: `${c.device}'s peer_map uses dev->current_ctx (${r.uaf}), which gm_as_destroy freed without clearing the pointer.`,
          });
        }
        const name = gmRetName(r.ret) ?? String(r.ret);
        const lost =
          r.ret === 0 && !c.copy && before.flag === 'DEVICE' && before.dev !== c.device
            ? ` Nothing was copied: the data is still on ${before.dev ?? '?'}, whose mapping stays; ${c.device} maps fresh memory (the code never copies between devices).`
            : '';
        tx.emit(
          'peer_map',
          phase('peer_map'),
          r.ret === 0
            ? `${c.device}'s driver callback peer_map(gmf): ${r.why !== '' ? `${r.why}; ` : ''}${r.frames.length > 0 && r.why === '' ? `it takes ${r.frames.length} device pages, ${c.copy ? 'DMA-copies the host page into them' : 'clears them (copy is false: no data to move)'}, and enters them in its page table` : 'nothing to do'}. Returns GM_RET_SUCCESS.${lost}`
            : `${c.device}'s driver callback peer_map(gmf) returns ${name}${r.why !== '' ? `: ${r.why}` : ''}.`,
        );
        return { ...c, peer: r, ret: r.ret };
      },
      next: (c) =>
        c.ret === GM_RET.GM_RET_SUCCESS
          ? 'set_device'
          : c.ret === GM_RET.GM_RET_MIGRATING
            ? 'set_willneed'
            : 'peer_map_failed',
      to: ['set_device', 'set_willneed', 'peer_map_failed'],
    },
    /** if (page) { dma_unmap_page; put_page(page); } flags_set(DEVICE); gm_mapping->dev = dev. */
    set_device: {
      run: (tx, c) => {
        let freed = false;
        if (c.host !== null) {
          removeDma(tx, c.device, c.host);
          for (const f of c.host) freed = putPage(tx, f) || freed;
        }
        const m = mapping(tx, c);
        // The union: writing dev overwrites page.
        putMapping(tx, c.proc, c.chunk, { ...flagsSet(m, 'DEVICE'), dev: c.device, page: null });
        tx.emit(
          FN,
          phase('set_device'),
          `${c.host !== null ? `dma_unmap_page, then put_page drops gm_dev_fault's reference${freed ? ': it was the last one, so the host huge page is freed' : ' (someone else still holds the page)'}. ` : ''}gm_mapping_flags_set(DEVICE) and gm_mapping->dev = ${c.device}: the logical page table now says the chunk lives on ${c.device}.`,
        );
        return { ...c, ret: GM_RET.GM_RET_SUCCESS };
      },
      next: () => 'mutex_unlock',
      to: ['mutex_unlock'],
    },
    /** GM_RET_MIGRATING: flags_set(WILLNEED); ret = GM_RET_SUCCESS. */
    set_willneed: {
      run: (tx, c) => {
        putMapping(tx, c.proc, c.chunk, flagsSet(mapping(tx, c), 'WILLNEED'));
        tx.emit(
          FN,
          phase('set_willneed'),
          `"gmem page is migrating due to overcommit": the mapping gets WILLNEED (do not evict) and gm_dev_fault returns GM_RET_SUCCESS, type unchanged.${c.host !== null ? ' The CPU mapping was already zapped, and the extra page reference and the DMA mapping are never released: the chunk says CPU but no CPU page table maps it (B14).' : ''}`,
        );
        return { ...c, ret: GM_RET.GM_RET_SUCCESS };
      },
      next: () => 'mutex_unlock',
      to: ['mutex_unlock'],
    },
    /** pr_err("peer map failed"); if (page) { flags_set(NOMAP); put_page(page); } */
    peer_map_failed: {
      run: (tx, c) => {
        let freed = false;
        if (c.host !== null) {
          putMapping(tx, c.proc, c.chunk, { ...flagsSet(mapping(tx, c), 'NOMAP'), page: null });
          for (const f of c.host) freed = putPage(tx, f) || freed;
        }
        tx.emit(
          FN,
          phase('peer_map_failed'),
          c.host !== null
            ? `pr_err("peer map failed"): the mapping becomes NOMAP and put_page drops the reference${freed ? ' — the last one: the host page and the chunk\u2019s data are gone' : ''}. The DMA mapping is not unmapped (B14). gm_dev_fault returns ${gmRetName(c.ret) ?? c.ret}.`
            : `pr_err("peer map failed"); nothing else changes. gm_dev_fault returns ${gmRetName(c.ret) ?? c.ret}.`,
        );
        return c;
      },
      next: () => 'mutex_unlock',
      to: ['mutex_unlock'],
    },
    mutex_unlock: {
      run: (tx, c) => {
        const m = mapping(tx, c);
        putMapping(tx, c.proc, c.chunk, { ...m, locked: false });
        tx.emit(FN, phase('mutex_unlock'), 'mutex_unlock(&gm_mapping->lock).');
        return c;
      },
      next: () => 'mmap_unlock',
      to: ['mmap_unlock'],
    },
    mmap_unlock: {
      run: (tx, c) => {
        tx.emit(
          FN,
          phase('mmap_unlock'),
          `mmap_read_unlock; gm_dev_fault returns ${gmRetName(c.ret) ?? c.ret} (${c.ret}).`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: (c) => gmOutcome(c.ret),
};
