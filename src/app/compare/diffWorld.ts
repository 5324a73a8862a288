/**
 * What two states of the same machine disagree on, as the reader would name it: page-table
 * entries, struct page counters and contents, each device's pgmap and free list, each mirror's
 * entries and notifier sequence, and whether the kernel halted. The kernel config is what the
 * two runs are *meant* to differ in, so it is not compared.
 */
// Straight from the engine's modules, not its index: a lazy chunk that pulls values through
// the index makes the bundler split the first-load JavaScript into many chunks (+2.7 kB gzip).
import type { DptEntry, Frame, PVec, Pte, World } from '../../engine';
import { pvecForEach, pvecGet } from '../../engine/pvec';
import { frameLabel } from '../../engine/world';
import type { DiffEntity } from '../../views/compare/types';

const ALL = Number.MAX_SAFE_INTEGER;
const NONE = 'none';

/** Every index either vector holds, in order, with each side's value (`null` for empty). */
function pairs<T>(a: PVec<T> | undefined, b: PVec<T> | undefined): [number, T | null, T | null][] {
  if (a === b) return [];
  const out: [number, T | null, T | null][] = [];
  const seen = new Set<number>();
  if (a)
    pvecForEach(a, 0, ALL, (i, v) => {
      seen.add(i);
      out.push([i, v, b ? pvecGet(b, i) : null]);
    });
  if (b)
    pvecForEach(b, 0, ALL, (i, v) => {
      if (!seen.has(i)) out.push([i, null, v]);
    });
  return out.sort((x, y) => x[0] - y[0]);
}

const PTE_KIND: Record<Pte['kind'], string> = {
  present: 'present',
  devicePrivate: 'device-private',
  migration: 'migration',
  deviceExclusive: 'device-exclusive',
  hmm: 'HMM (2015)',
};

function pteText(w: World, p: Pte | null): string {
  return p ? `${PTE_KIND[p.kind]} ${frameLabel(w, p.frame)} ${p.write ? 'RW' : 'R'}` : NONE;
}

const samePte = (a: Pte | null, b: Pte | null) =>
  a === b ||
  (a !== null && b !== null && a.kind === b.kind && a.frame === b.frame && a.write === b.write);

const FRAME_FIELDS = ['refcount', 'mapcount', 'pincount', 'value', 'locked'] as const;

function frameDiff(label: string, a: Frame | null, b: Frame | null): DiffEntity | null {
  const fields = FRAME_FIELDS.filter((k) => a?.[k] !== b?.[k]);
  if (fields.length === 0) return null;
  const text = (f: Frame | null) =>
    f ? fields.map((k) => `${k} ${String(f[k])}`).join(', ') : NONE;
  return { kind: 'frame', label, left: text(a), right: text(b) };
}

const dptText = (w: World, e: DptEntry | null) =>
  e ? `${frameLabel(w, e.frame)} ${e.access}` : NONE;

function deviceText(w: World, name: string): Record<string, string> {
  const d = own(w.devices, name);
  if (!d) return {};
  return {
    'pgmap refcount': d.pgmap ? String(d.pgmap.refcount) : 'no pgmap',
    'pgmap live': d.pgmap ? (d.pgmap.live ? 'yes' : 'no') : 'no pgmap',
    'free pages': String(d.nrFree),
    'allocated pages': String(d.nrAllocated),
  };
}

/** A record's own entry (a process may be called `constructor`). */
const own = <T>(r: Readonly<Record<string, T>>, k: string): T | undefined =>
  Object.hasOwn(r, k) ? r[k] : undefined;

const union = (a: Iterable<string>, b: Iterable<string>) => [...new Set([...a, ...b])];

/** Everything `a` and `b` disagree on; empty when they are the same state. */
export function diffWorlds(a: World, b: World): DiffEntity[] {
  if (a === b) return [];
  const out: DiffEntity[] = [];
  const ha = a.halted ? `halted: ${a.halted.kind}` : 'running';
  const hb = b.halted ? `halted: ${b.halted.kind}` : 'running';
  if (ha !== hb) out.push({ kind: 'kernel', label: 'kernel', left: ha, right: hb });
  for (const proc of union(Object.keys(a.procs), Object.keys(b.procs))) {
    for (const [page, pa, pb] of pairs(own(a.procs, proc)?.pt, own(b.procs, proc)?.pt)) {
      if (!samePte(pa, pb))
        out.push({
          kind: 'pte',
          label: `${proc} · page ${page}`,
          left: pteText(a, pa),
          right: pteText(b, pb),
        });
    }
  }
  if (a.frames !== b.frames) {
    for (const [i, fa, fb] of pairs(a.frames, b.frames)) {
      const d = frameDiff(frameLabel(a, i), fa, fb);
      if (d) out.push(d);
    }
  }
  for (const dev of union(a.deviceNames, b.deviceNames)) {
    const da = deviceText(a, dev);
    const db = deviceText(b, dev);
    const keys = union(Object.keys(da), Object.keys(db)).filter((k) => da[k] !== db[k]);
    if (keys.length === 0) continue;
    const text = (t: Record<string, string>) => keys.map((k) => `${k} ${t[k] ?? NONE}`).join(', ');
    out.push({ kind: 'device', label: dev, left: text(da), right: text(db) });
  }
  for (const name of union(Object.keys(a.mirrors), Object.keys(b.mirrors))) {
    const ma = own(a.mirrors, name);
    const mb = own(b.mirrors, name);
    if (ma?.seq !== mb?.seq)
      out.push({
        kind: 'mirror',
        label: `${name} seq`,
        left: String(ma?.seq ?? NONE),
        right: String(mb?.seq ?? NONE),
      });
    for (const [page, ea, eb] of pairs(ma?.pt, mb?.pt)) {
      if (ea?.frame !== eb?.frame || ea?.access !== eb?.access)
        out.push({
          kind: 'mirror',
          label: `${name} · page ${page}`,
          left: dptText(a, ea),
          right: dptText(b, eb),
        });
    }
  }
  return out;
}
