/**
 * The details of one thing on the stage — every field, under the kernel's own name — and what
 * points to it: the answer to "why is this page's refcount 3?" is the list of entries below it.
 * Pure: computed from the World on screen, so a pinned item updates as the reader steps.
 */
import {
  deviceOfFrame,
  findVma,
  frameLabel,
  getFrame,
  getMirror,
  getProc,
  pvecForEach,
  pvecGet,
  type World,
} from '../../engine';
import type { InspectTarget } from '../../store/slices/stageSlice';
import { pteBadge } from './describe';
import { fakeDeviceOf, fakeFields, mirrorBadge, TABLE_WORDS, whereIs } from './describe2015';

export interface DetailField {
  /** The kernel's name for it (`_refcount`, `zone_device_data`). */
  name: string;
  value: string;
}

export interface DetailLink {
  label: string;
  target: InspectTarget;
}

export interface Details {
  title: string;
  fields: DetailField[];
  /** What this entry points at (entries only). */
  pointsTo: DetailLink | null;
  /** Entries that point at this frame (frames only), in stage order. */
  pointedBy: DetailLink[] | null;
  /** References taken by get_user_pages / pin_user_pages that hold this frame (frames only). */
  heldBy: string[];
}

/** struct page fields in the kernel's words; fields not listed here show under their own name. */
const FRAME_FIELDS: Record<string, string> = {
  zone: 'zone',
  refcount: '_refcount',
  mapcount: '_mapcount + 1',
  pincount: 'pincount (FOLL_PIN)',
  locked: 'PG_locked',
  lru: 'on LRU',
  mapping: 'mapping',
  value: 'contents',
  zoneDeviceData: 'zone_device_data',
  pgmap: 'pgmap',
  freeNext: 'free list next',
  rmapProc: 'rmap: process',
  rmapProcs: 'rmap: processes',
  rmapPage: 'rmap: page index',
};

const show = (world: World, name: string, v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (name === 'frame' && typeof v === 'number') return frameLabel(world, v);
  if ((name === 'freeNext' || name === 'zoneDeviceData') && typeof v === 'number')
    return v < 0 ? 'end of list' : frameLabel(world, v);
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => show(world, '', x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/**
 * A GMEM device's page (seed 003): the driver's own memory, no struct page — what GMEM and the
 * driver know of it is the driver's allocation, the hnode record and the context mapping it.
 */
function gmemPageDetails(world: World, index: number): Details | null {
  const dev = deviceOfFrame(world, index);
  if (dev?.driver !== 'gmem') return null;
  const i = index - dev.base;
  const gdev = world.gmem?.devs[dev.name];
  const fields: DetailField[] = [
    {
      name: 'memory',
      value: `${dev.name}'s own memory (no struct page: no refcount, no mapcount)`,
    },
    {
      name: 'driver allocation',
      value: gdev === undefined ? 'no gm_dev yet' : gdev.used[i] ? 'in use' : 'free',
    },
    { name: 'value', value: String(getFrame(world, index).value) },
  ];
  for (const h of Object.values(world.gmem?.hnodes ?? {})) {
    const rec = h.pages.find((p) => p.pfn === index);
    if (rec)
      fields.push({ name: `hnode ${h.id}`, value: rec.free ? 'XA_MARK_0 (free)' : 'in use' });
  }
  for (const c of Object.values(world.gmem?.ctxs ?? {})) {
    for (const [chunk, frames] of Object.entries(c.pmap))
      if (frames.includes(index))
        fields.push({
          name: `${c.name} pmap`,
          value: `${c.proc} chunk c${chunk}${c.freed ? ' (context freed)' : ''}`,
        });
  }
  return {
    title: `${dev.name} page ${i} (GMEM)`,
    fields,
    pointsTo: null,
    pointedBy: [],
    heldBy: [],
  };
}

function frameDetails(world: World, index: number): Details {
  const gm = gmemPageDetails(world, index);
  if (gm !== null) return gm;
  const f = getFrame(world, index);
  const fake = fakeDeviceOf(world, index);
  const fields: DetailField[] = fake ? fakeFields(fake, index - fake.base) : [];
  for (const [k, v] of Object.entries(f)) {
    // A fake page (2015) is on no free list: the bitmap above is its allocator.
    if (fake && k === 'freeNext') continue;
    const value = fake && k === 'zone' ? 'normal (alloc_page at driver init)' : show(world, k, v);
    fields.push({ name: FRAME_FIELDS[k] ?? k, value });
  }
  const dev = deviceOfFrame(world, index);
  if (dev?.pgmap) {
    const p = dev.pgmap;
    fields.push({ name: 'pgmap type', value: p.type });
    fields.push({ name: 'pgmap owner', value: p.owner });
    fields.push({ name: 'pgmap ref', value: `${p.refcount}${p.live ? '' : ' (killed)'}` });
  }
  return {
    title: `struct page ${frameLabel(world, index)}`,
    fields,
    pointsTo: null,
    pointedBy: pointersTo(world, index),
    heldBy: gupHolders(world, index),
  };
}

/** GUP handles holding `frame`: who took it, how (FOLL_GET / FOLL_PIN, LONGTERM), at which page. */
export function gupHolders(world: World, frame: number): string[] {
  const out: string[] = [];
  for (const g of Object.values(world.gups ?? {})) {
    g.frames.forEach((f, i) => {
      if (f !== frame) return;
      const how = g.pin
        ? `pin_user_pages${g.longterm ? ' (FOLL_LONGTERM)' : ''}`
        : 'get_user_pages';
      out.push(`${g.name}: ${how} of ${g.proc} page ${g.start + i}`);
    });
  }
  return out;
}

/** Every CPU and device page-table entry that points at `frame`, processes first. */
export function pointersTo(world: World, frame: number): DetailLink[] {
  const out: DetailLink[] = [];
  for (const proc of Object.keys(world.procs)) {
    pvecForEach(world.procs[proc]!.pt, 0, Number.MAX_SAFE_INTEGER, (page, pte) => {
      if (pte.frame === frame)
        out.push({
          label: `${proc} page ${page} · ${pteBadge(pte)}`,
          target: { kind: 'pte', proc, page },
        });
    });
  }
  for (const mirror of Object.keys(world.mirrors)) {
    const m = world.mirrors[mirror]!;
    // 2015: HMM's own mirror table points at pages too (named apart from the driver's table).
    if (m.hmmPt)
      pvecForEach(m.hmmPt, 0, Number.MAX_SAFE_INTEGER, (page, e) => {
        if (e.frame === frame)
          out.push({
            label: `${mirror} HMM table page ${page} · ${mirrorBadge(e)}`,
            target: { kind: 'hpt', mirror, page },
          });
      });
    pvecForEach(m.pt, 0, Number.MAX_SAFE_INTEGER, (page, e) => {
      if (e.frame === frame)
        out.push({
          label: `${mirror}${m.hmmPt ? ' device table' : ''} page ${page} · ${mirrorBadge(e)}`,
          target: { kind: 'dpt', mirror, page },
        });
    });
  }
  return out;
}

function pteDetails(world: World, proc: string, page: number): Details {
  const p = getProc(world, proc);
  const pte = p ? pvecGet(p.pt, page) : null;
  const vma = p ? findVma(p.vmas, page) : undefined;
  const fields: DetailField[] = [{ name: 'entry', value: pteBadge(pte) }];
  if (pte) {
    for (const [k, v] of Object.entries(pte))
      if (k !== 'kind') fields.push({ name: k, value: show(world, k, v) });
    if (pte.kind === 'hmm')
      fields.push({
        name: 'data in',
        value: `${whereIs(world, pte.frame)} (a CPU access faults into HMM)`,
      });
  }
  fields.push({
    name: 'VMA',
    value: vma
      ? `${vma.start}–${vma.end - 1} · ${vma.read ? 'r' : '-'}${vma.write ? 'w' : '-'} · ${vma.shared ? 'shared' : 'private'}`
      : 'none (not mapped)',
  });
  if (p && !p.alive) fields.push({ name: 'process', value: 'exited' });
  return {
    title: `Process ${proc} · page ${page}`,
    fields,
    pointsTo: pte
      ? { label: frameLabel(world, pte.frame), target: { kind: 'frame', index: pte.frame } }
      : null,
    pointedBy: null,
    heldBy: [],
  };
}

function dptDetails(world: World, mirror: string, page: number, table: 'dpt' | 'hpt'): Details {
  const m = getMirror(world, mirror);
  const pt = table === 'hpt' ? m?.hmmPt : m?.pt;
  const e = pt ? pvecGet(pt, page) : null;
  const fields: DetailField[] = [{ name: 'entry', value: e ? e.access : 'none' }];
  if (e?.dirty !== undefined) fields.push({ name: 'dirty (hmm_pte)', value: String(e.dirty) });
  if (m) {
    fields.push({ name: 'device', value: m.device });
    fields.push({ name: 'mirrors process', value: m.proc });
    fields.push({ name: 'notifier seq', value: String(m.seq) });
    fields.push({ name: 'dmirror->mutex', value: m.locked ? 'held' : 'free' });
  } else fields.push({ name: 'mirror', value: 'closed' });
  const which = m?.hmmPt ? ` · ${TABLE_WORDS[table]}` : '';
  return {
    title: `Mirror ${mirror}${which} · page ${page}`,
    fields,
    pointsTo: e
      ? { label: frameLabel(world, e.frame), target: { kind: 'frame', index: e.frame } }
      : null,
    pointedBy: null,
    heldBy: [],
  };
}

/** The details of a target in a world. */
export function inspect(world: World, t: InspectTarget): Details {
  switch (t.kind) {
    case 'frame':
      return frameDetails(world, t.index);
    case 'pte':
      return pteDetails(world, t.proc, t.page);
    case 'dpt':
    case 'hpt':
      return dptDetails(world, t.mirror, t.page, t.kind);
  }
}
