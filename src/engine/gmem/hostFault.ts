/**
 * A CPU fault on a peer-shared chunk (domain.md §2.18 G6): the huge-page anonymous fault
 * (__do_huge_pmd_anonymous_page, whose GMEM hunk is not in the seeds [GMEM RFC]) allocates a
 * host huge page, locks the chunk's gm_mapping and, if the chunk lives on a device, calls
 * gm_host_fault_locked() (seed 003 @15452-16600), which has the device copy the data back
 * (peer_unmap with copy). Then the CPU maps the page and the mapping becomes CPU.
 *
 * The model runs the code as written: gm_host_fault_locked() computes
 * `addr = vmf->address & ((1 << order) - 1)`. vmf->address is page-aligned, so with order 9
 * that is always 0 — the intent was the chunk's base, `vmf->address & HPAGE_PMD_MASK` (B14).
 * The lookup and peer_unmap therefore work on the chunk at virtual address 0.
 * [model decision] dev->dma_dev is set by the driver after gm_dev_create (the field is public;
 * gm_dev_create leaves it unset); read faults of peer-shared memory also take this path (no
 * huge zero page).
 */
import { allocSysPage, putPage } from '../mm/pageAlloc';
import { findVma } from '../world';
import { type GmCallResult, peerUnmap } from './driver';
import type { PhasedOp } from './phased';
import { NEW_MAPPING, addDma, flagsSet, gmMappingOf, putMapping, removeDma } from './state';
import { GM_RET, HPAGE_PAGES, chunkOf, chunkStart, gmRetName } from './types';

export interface HostFaultInput {
  readonly proc: string;
  readonly page: number;
  readonly write: boolean;
}

export interface HostFaultCtx extends HostFaultInput {
  readonly chunk: number;
  /** The freshly allocated host huge page (vmf->page), head first. */
  readonly folio: readonly number[];
  /** The chunk gm_host_fault_locked looked up (always chunk 0, see above). */
  readonly looked: number;
  readonly dev: string | null;
  readonly peer: GmCallResult | null;
  readonly result: 'done' | 'oom' | 'sigbus';
}

const FN = 'gm_host_fault_locked';
const HUGE = '__do_huge_pmd_anonymous_page';
/** HPAGE_PMD_ORDER on x86-64. */
export const HPAGE_PMD_ORDER = 9;

function chunkText(chunk: number): string {
  const s = chunkStart(chunk);
  return `c${chunk} (pages ${s}…${s + HPAGE_PAGES - 1})`;
}

export const gmHostFaultOp: PhasedOp<HostFaultInput, HostFaultCtx> = {
  id: 'gm_host_fault',
  initial: 'alloc_huge_page',
  init: (i) => ({
    ...i,
    chunk: chunkOf(i.page),
    folio: [],
    looked: 0,
    dev: null,
    peer: null,
    result: 'done',
  }),
  phases: {
    /** vma_alloc_folio(HPAGE_PMD_ORDER) + clear_huge_page; gm_mapping lookup; mutex_lock. */
    alloc_huge_page: {
      run: (tx, c) => {
        const folio: number[] = [];
        for (let i = 0; i < HPAGE_PAGES; i++) {
          const f = allocSysPage(tx);
          if (f === null) break;
          tx.edit(f).value = 0;
          folio.push(f);
        }
        if (folio.length < HPAGE_PAGES) {
          for (const f of folio) putPage(tx, f);
          tx.emit(
            HUGE,
            `${HUGE}.alloc`,
            `No free huge page for ${c.proc}'s page ${c.page}: VM_FAULT_OOM.`,
          );
          return { ...c, folio: [], result: 'oom' };
        }
        if (gmMappingOf(tx.gm(), c.proc, c.chunk) === undefined)
          putMapping(tx, c.proc, c.chunk, NEW_MAPPING);
        const m = gmMappingOf(tx.gm(), c.proc, c.chunk) ?? NEW_MAPPING;
        putMapping(tx, c.proc, c.chunk, { ...m, locked: true });
        tx.emit(
          HUGE,
          `${HUGE}.alloc`,
          `${c.proc} ${c.write ? 'writes' : 'reads'} page ${c.page}, in peer-shared ${chunkText(c.chunk)} that the CPU does not map: the huge-page fault allocates a zeroed host huge page (${HPAGE_PAGES} base pages here, 512 on x86-64), looks up the chunk's gm_mapping (${m.flag}${m.willneed ? '+WILLNEED' : ''}) and takes its mutex.${m.flag === 'DEVICE' ? ` The chunk lives on ${m.dev ?? '?'}: the data must come back first.` : ''}`,
        );
        return { ...c, folio, dev: m.flag === 'DEVICE' ? m.dev : null };
      },
      next: (c) => (c.result === 'oom' ? null : c.dev !== null ? 'lookup' : 'set_pmd_at'),
      to: ['lookup', 'set_pmd_at'],
    },
    /** gm_host_fault_locked(): addr = vmf->address & ((1 << order) - 1); vm_object_lookup(obj, addr). */
    lookup: {
      run: (tx, c) => {
        const addr = (c.page * 4096) & ((1 << HPAGE_PMD_ORDER) - 1);
        const looked = chunkOf(addr / 4096);
        const m = gmMappingOf(tx.gm(), c.proc, looked);
        const same = looked === c.chunk;
        const intent = `the intent was vmf->address & HPAGE_PMD_MASK, the base of ${chunkText(c.chunk)}`;
        if (m === undefined) {
          tx.emit(
            FN,
            `${FN}.lookup`,
            `gm_host_fault_locked computes addr = vmf->address & ((1 << ${HPAGE_PMD_ORDER}) - 1) = ${addr} (${intent}). vm_object_lookup(obj, ${addr}) finds no gm_mapping there: pr_err("host fault gm_mapping should not be NULL") and VM_FAULT_SIGBUS.`,
          );
          return { ...c, looked, dev: null, result: 'sigbus' };
        }
        if (m.flag !== 'DEVICE') {
          // gm_mapping->dev shares a union with page: for a CPU mapping it is a struct page
          // pointer, for a NOMAP one it is NULL. Either way dev->dma_dev is garbage.
          tx.fail({
            kind: 'crash',
            invariant: 'INV-X2',
            message: `gm_host_fault_locked looked up chunk c${looked} (address ${addr}) instead of c${c.chunk}; that mapping is ${m.flag}, so gm_mapping->dev is ${m.flag === 'CPU' ? 'a struct page pointer (the union)' : 'NULL'} and dev->dma_dev dereferences garbage.`,
          });
          tx.emit(
            FN,
            `${FN}.lookup`,
            `addr = vmf->address & ((1 << ${HPAGE_PMD_ORDER}) - 1) = ${addr} (${intent}): the lookup returns chunk c${looked}'s mapping, which is ${m.flag}. Its dev field is really ${m.flag === 'CPU' ? 'the page pointer of the union' : 'NULL'}: the kernel oopses.`,
          );
          return { ...c, looked, dev: null, result: 'sigbus' };
        }
        tx.emit(
          FN,
          `${FN}.lookup`,
          `gm_host_fault_locked computes addr = vmf->address & ((1 << ${HPAGE_PMD_ORDER}) - 1) = ${addr} — the code keeps the low bits (${intent}). ${same ? `Here the chunk starts at address 0, so the lookup finds the right gm_mapping by accident` : `So vm_object_lookup returns chunk c${looked}'s gm_mapping, not c${c.chunk}'s`}: DEVICE on ${m.dev ?? '?'}.`,
        );
        return { ...c, looked, dev: m.dev };
      },
      next: (c) => (c.result === 'sigbus' ? 'free_huge_page' : 'dma_map_page'),
      to: ['free_huge_page', 'dma_map_page'],
    },
    /** gmf.dma_addr = dma_map_page(dma_dev, vmf->page, 0, size, DMA_BIDIRECTIONAL). */
    dma_map_page: {
      run: (tx, c) => {
        addDma(tx, { dev: c.dev ?? '', frames: c.folio, proc: c.proc, chunk: c.chunk });
        tx.emit(
          'dma_map_page',
          `${FN}.dma_map_page`,
          `dma_map_page maps the new host huge page for ${c.dev ?? '?'}'s DMA engine: the device will copy into it.`,
        );
        return c;
      },
      next: () => 'peer_unmap',
      to: ['peer_unmap'],
    },
    /** dev->mmu->peer_unmap(&gmf) with copy = true; failure → dma_unmap_page, VM_FAULT_SIGBUS. */
    peer_unmap: {
      run: (tx, c) => {
        const r = peerUnmap(tx, {
          proc: c.proc,
          dev: c.dev ?? '',
          chunk: c.looked,
          copy: true,
          dma: c.folio,
        });
        const ok = r.ret === GM_RET.GM_RET_SUCCESS;
        if (!ok) removeDma(tx, c.dev ?? '', c.folio);
        tx.emit(
          'peer_unmap',
          `${FN}.peer_unmap`,
          ok
            ? `${c.dev ?? '?'}'s driver callback peer_unmap(gmf, copy = true) DMA-copies chunk c${c.looked} back into the host page, frees its ${r.frames.length} device pages and removes the mapping from its page table.`
            : `${c.dev ?? '?'}'s peer_unmap returns ${gmRetName(r.ret) ?? r.ret}${r.why !== '' ? ` (${r.why})` : ''}: pr_err("peer unmap failed"), dma_unmap_page, VM_FAULT_SIGBUS. The data stays on the device and the process gets SIGBUS.`,
        );
        return { ...c, peer: r, result: ok ? 'done' : 'sigbus' };
      },
      next: (c) => (c.result === 'done' ? 'dma_unmap_page' : 'free_huge_page'),
      to: ['dma_unmap_page', 'free_huge_page'],
    },
    dma_unmap_page: {
      run: (tx, c) => {
        removeDma(tx, c.dev ?? '', c.folio);
        tx.emit(
          'dma_unmap_page',
          `${FN}.dma_unmap_page`,
          'dma_unmap_page; gm_host_fault_locked returns 0.',
        );
        return c;
      },
      next: () => 'set_pmd_at',
      to: ['set_pmd_at'],
    },
    /** set_pmd_at(); gm_mapping_flags_set(CPU); gm_mapping->page = page; mutex_unlock. */
    set_pmd_at: {
      run: (tx, c) => {
        const vma = findVma(tx.proc(c.proc)?.vmas ?? [], c.page);
        const writable = vma?.write ?? false;
        const start = chunkStart(c.chunk);
        c.folio.forEach((f, i) => {
          const e = tx.edit(f);
          e.mapcount = 1;
          e.lru = true;
          e.mapping = 'anon';
          e.rmapProcs = [c.proc];
          e.rmapPage = start + i;
          tx.setPte(c.proc, start + i, {
            kind: 'present',
            frame: f,
            write: writable,
            dirty: writable,
            zero: false,
          });
        });
        const m = gmMappingOf(tx.gm(), c.proc, c.chunk) ?? NEW_MAPPING;
        const leaked = m.flag === 'CPU' && m.page !== null;
        putMapping(tx, c.proc, c.chunk, {
          ...flagsSet(m, 'CPU'),
          page: c.folio,
          dev: null,
          locked: false,
        });
        tx.emit(
          HUGE,
          `${HUGE}.set_pmd_at`,
          `set_pmd_at maps the host huge page into ${c.proc}'s page table (one PMD for the chunk; the model shows its ${HPAGE_PAGES} base pages, each with the folio's refcount 1 and mapcount 1), gm_mapping_flags_set(CPU), gm_mapping->page = the new page, mutex_unlock.${leaked ? ' The old host page the mapping pointed at — zapped by gm_dev_fault when peer_map answered GM_RET_MIGRATING — is forgotten with its extra reference and its data: the process now sees a zeroed chunk (B14).' : ''}`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
    /** SIGBUS: the new huge page is freed and the mutex released. */
    free_huge_page: {
      run: (tx, c) => {
        if (tx.haltedBy !== null) return c;
        for (const f of c.folio) putPage(tx, f);
        const m = gmMappingOf(tx.gm(), c.proc, c.chunk);
        if (m !== undefined) putMapping(tx, c.proc, c.chunk, { ...m, locked: false });
        tx.emit(
          HUGE,
          `${HUGE}.sigbus`,
          `The fault gives up: the new huge page is freed, the mutex released, and ${c.proc} gets SIGBUS.`,
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: (c) => ({
    ret: 0,
    ...(c.result === 'sigbus' ? { signal: 'SIGBUS' as const, signalPage: c.page } : {}),
  }),
};
