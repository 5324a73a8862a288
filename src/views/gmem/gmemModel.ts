/**
 * What the GMEM views show, as plain data and words (no React): the rows of a process's logical
 * page table beside its CPU page table and each live context's pmap, and the facts about GMEM's
 * objects a teacher points at (seed 003; domain.md §1.9, §2.18, §4 B14).
 */
import {
  chunkOf,
  chunkStart,
  frameLabel,
  getPte,
  GM_DEV_CAP,
  HPAGE_PAGES,
  type Changes,
  type GmContext,
  type GmDev,
  type GmDma,
  type GmMapping,
  type GmemState,
  type World,
} from '../../engine';
import { pteBadge } from '../stage/describe';

/** `gm:` keys of a micro-step's changes (the engine puts them in changed.procs). */
export function gmKeys(changed: Changes | null): ReadonlySet<string> {
  return new Set((changed?.procs ?? []).filter((k) => k.startsWith('gm:')));
}

export const lptKey = (proc: string, chunk: number) => `gm:lpt:${proc}:${chunk}`;

/** A chunk's key or its whole table's key changed. */
export const lptChanged = (keys: ReadonlySet<string>, proc: string, chunk: number) =>
  keys.has(lptKey(proc, chunk)) || keys.has(`gm:lpt:${proc}`);

/** `c0 (pages 0–3)` */
export function chunkLabel(chunk: number): string {
  const s = chunkStart(chunk);
  return `c${chunk} (pages ${s}–${s + HPAGE_PAGES - 1})`;
}

/** The chunks of a process's peer-shared VMAs, and any its logical page table holds. */
export function peerChunks(world: World, proc: string): number[] {
  const out = new Set<number>();
  for (const v of world.procs[proc]?.vmas ?? [])
    if (v.peer) for (let c = chunkOf(v.start); c < Math.ceil(v.end / HPAGE_PAGES); c++) out.add(c);
  for (const c of Object.keys(world.gmem?.vmObjs[proc]?.lpt ?? {})) out.add(Number(c));
  return [...out].sort((a, b) => a - b);
}

/** Contexts attached for a process that are not freed: their pmaps are drawn. */
export function liveContexts(g: GmemState, proc: string): GmContext[] {
  return Object.values(g.ctxs).filter((c) => c.proc === proc && !c.freed);
}

export interface PteCell {
  page: number;
  /** `sys:3`, or the entry's badge when it is not a plain present entry, or `—`. */
  text: string;
  present: boolean;
}

export interface LptRow {
  proc: string;
  chunk: number;
  key: string;
  mapping: GmMapping | undefined;
  /** What gm_mapping points to: the host huge page's frames, or the device. */
  pointsTo: string;
  ptes: PteCell[];
  /** One per live context of the process: the device frames its pmap maps at this chunk. */
  pmaps: { ctx: string; dev: string; frames: string[] | null }[];
  label: string;
}

/** `CPU`, `DEVICE+WILLNEED`, or `no gm_mapping`. */
export function typeText(m: GmMapping | undefined): string {
  return m === undefined ? 'no gm_mapping' : `${m.flag}${m.willneed ? '+WILLNEED' : ''}`;
}

function pointsTo(world: World, m: GmMapping | undefined): string {
  if (m === undefined) return '—';
  if (m.flag === 'DEVICE') return m.dev ?? 'dev NULL';
  if (m.page === null) return m.flag === 'CPU' ? 'page NULL' : '—';
  return m.page.map((f) => frameLabel(world, f)).join(' ');
}

/** The logical page table of one process, chunk by chunk, with what sits beside it. */
export function lptRows(world: World, proc: string): LptRow[] {
  const g = world.gmem;
  if (g === undefined || g.vmObjs[proc] === undefined) return [];
  const ctxs = liveContexts(g, proc);
  return peerChunks(world, proc).map((chunk) => {
    const m = g.vmObjs[proc]!.lpt[chunk];
    const ptes = Array.from({ length: HPAGE_PAGES }, (_, i): PteCell => {
      const page = chunkStart(chunk) + i;
      const pte = getPte(world, proc, page);
      const present = pte?.kind === 'present';
      return {
        page,
        present,
        text: pte === null ? '—' : present ? frameLabel(world, pte.frame) : pteBadge(pte),
      };
    });
    const pmaps = ctxs.map((c) => ({
      ctx: c.name,
      dev: c.dev,
      frames: c.pmap[chunk]?.map((f) => frameLabel(world, f)) ?? null,
    }));
    const where = pointsTo(world, m);
    const label =
      `${proc} chunk ${chunkLabel(chunk)}: ${typeText(m)}` +
      (m?.flag === 'DEVICE' ? ` on ${where}` : m?.flag === 'CPU' ? `, host page ${where}` : '') +
      (m?.locked ? ', gm_mapping locked' : '') +
      `. CPU page table: ${ptes.map((p) => `page ${p.page} ${p.text === '—' ? 'none' : p.text}`).join(', ')}.` +
      pmaps
        .map((p) => ` ${p.ctx} pmap on ${p.dev}: ${p.frames ? p.frames.join(' ') : 'none'}.`)
        .join('');
    return {
      proc,
      chunk,
      key: lptKey(proc, chunk),
      mapping: m,
      pointsTo: where,
      ptes,
      pmaps,
      label,
    };
  });
}

/** GM_DEV_CAP_* names of a capability mask. */
export function capNames(cap: number): string[] {
  return (Object.keys(GM_DEV_CAP) as (keyof typeof GM_DEV_CAP)[]).filter(
    (k) => (cap & GM_DEV_CAP[k]) !== 0,
  );
}

/** dev->current_ctx points at a context gm_as_destroy freed (or that no longer exists). */
export function danglingCurrent(g: GmemState, d: GmDev): boolean {
  if (d.currentCtx === null) return false;
  const c = g.ctxs[d.currentCtx];
  return c === undefined || c.freed;
}

/**
 * A DMA mapping no operation is using: the chunk's gm_mapping mutex is not held, so no
 * gm_dev_fault or host fault will dma_unmap_page it any more (B14: MIGRATING and peer_map
 * failures leave it behind).
 */
export function leakedDma(g: GmemState, d: GmDma): boolean {
  return g.vmObjs[d.proc]?.lpt[d.chunk]?.locked !== true;
}

/** The contexts the swapped list_add_tail lost from the device's list. */
export const droppedContexts = (d: GmDev) => d.ctxAttached.filter((c) => !d.ctxList.includes(c));
