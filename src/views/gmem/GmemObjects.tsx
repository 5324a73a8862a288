/**
 * GMEM's objects as a teacher points at them (seed 003, domain.md §1.9, §4 B14): each gm_dev
 * with its current context and its context list as the code links it, the hnodes its memory
 * became, the gm_as ranges and their contexts, the contexts (mode: planned, freed, dangling),
 * the live DMA mappings (leaked ones stand out) and every process's mems_allowed.
 */
import { memo } from 'react';
import { frameLabel, type World } from '../../engine';
import { capNames, danglingCurrent, droppedContexts, leakedDma } from './gmemModel';

export interface GmemObjectsProps {
  world: World;
  changedKeys: ReadonlySet<string>;
}

interface Entry {
  key: string;
  label: string;
  /** The visible lines (plain text). */
  lines: string[];
  warn?: string;
  changed: boolean;
}

function Section({ title, entries, empty }: { title: string; entries: Entry[]; empty: string }) {
  return (
    <section className="gmem-objects__section">
      <h4>{title}</h4>
      {entries.length === 0 ? (
        <p className="gmem-empty">{empty}</p>
      ) : (
        <ul>
          {entries.map((e) => (
            <li
              key={e.key}
              data-gm-key={e.key}
              data-changed={e.changed || undefined}
              data-warn={e.warn ? true : undefined}
              tabIndex={0}
              aria-label={e.label}
            >
              {e.lines.map((l, i) => (
                <span key={i} className={i === 0 ? 'gmem-objects__head' : 'gmem-objects__line'}>
                  {l}
                </span>
              ))}
              {e.warn ? <span className="gmem-warn">⚠ {e.warn}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const GmemObjects = memo(function GmemObjects({ world, changedKeys }: GmemObjectsProps) {
  const g = world.gmem;
  if (g === undefined) return null;
  const list = (xs: readonly (string | number)[]) => (xs.length > 0 ? xs.join(', ') : 'empty');

  const devs: Entry[] = Object.values(g.devs).map((d) => {
    const key = `gm:dev:${d.name}`;
    const dangling = danglingCurrent(g, d);
    const dropped = droppedContexts(d);
    const caps = capNames(d.capability);
    const used = d.used.filter(Boolean).length;
    const failing = (Object.keys(d.mmu) as (keyof typeof d.mmu)[]).filter(
      (k) => d.mmu[k] !== 'GM_RET_SUCCESS',
    );
    const lines = [
      `${d.name} · id ${d.id < 0 ? 'erased' : d.id} · ${caps.length > 0 ? caps.join(' | ') : 'no capability'}`,
      `current_ctx: ${d.currentCtx ?? 'NULL'}${dangling ? ' (freed)' : ''}`,
      `gm_ctx_list as linked: ${list(d.ctxList)} · attached: ${list(d.ctxAttached)}`,
      `registered_hnodes: ${list(d.registeredHnodes)} · driver pages used ${used} of ${d.used.length}`,
      ...(failing.length > 0
        ? [`gm_mmu fails: ${failing.map((k) => `${k} → ${d.mmu[k]}`).join(', ')}`]
        : []),
    ];
    const warn = dangling
      ? `current_ctx ${d.currentCtx} dangles: gm_as_destroy freed it`
      : dropped.length > 0
        ? `swapped list_add_tail: ${dropped.join(', ')} not on the device's list`
        : undefined;
    return {
      key,
      label: `gm_dev ${lines.join('; ')}${warn ? `; ${warn}` : ''}.`,
      lines,
      warn,
      changed: changedKeys.has(key),
    };
  });

  const hnodes: Entry[] = Object.values(g.hnodes).map((h) => {
    const key = `gm:hnode:${h.id}`;
    const free = h.pages.filter((p) => p.free).length;
    const lines = [
      `node ${h.id} · ${h.dev}`,
      `${h.pages.length} pages · ${free} marked free (XA_MARK_0)`,
    ];
    return { key, label: `hnode ${lines.join(', ')}.`, lines, changed: changedKeys.has(key) };
  });

  const ases: Entry[] = Object.values(g.ases).map((a) => {
    const key = `gm:as:${a.name}`;
    const lines = [
      `${a.name} · pages ${a.startVa}–${a.endVa - 1}`,
      `gm_ctx_list: ${list(a.ctxList)}`,
    ];
    return { key, label: `gm_as ${lines.join(', ')}.`, lines, changed: changedKeys.has(key) };
  });

  const ctxs: Entry[] = Object.values(g.ctxs).map((c) => {
    const key = `gm:ctx:${c.name}`;
    const current = Object.values(g.devs).filter((d) => d.currentCtx === c.name);
    const chunks = Object.keys(c.pmap).map((k) => `c${k}`);
    const lines = [
      `${c.name} · ${c.dev} in ${c.as} · for ${c.proc}${c.freed ? ' · freed' : ''}`,
      `mode ${c.mode}: planned behaviour — not used by the RFC's code`,
      `pmap: ${chunks.length > 0 ? chunks.join(', ') : 'empty'}`,
    ];
    const warn =
      c.freed && current.length > 0
        ? `dangling: ${current.map((d) => d.name).join(', ')}'s current_ctx still points here`
        : c.freed && chunks.length > 0
          ? 'freed without pmap_destroy: its device mappings stay'
          : undefined;
    return {
      key,
      label: `context ${lines.join('; ')}${warn ? `; ${warn}` : ''}.`,
      lines,
      warn,
      changed: changedKeys.has(key),
    };
  });

  const dma: Entry[] = g.dma.map((d, i) => {
    const leaked = leakedDma(g, d);
    const lines = [
      `${d.dev} ← ${d.proc} c${d.chunk}: ${d.frames.map((f) => frameLabel(world, f)).join(' ')}`,
    ];
    const warn = leaked ? 'leaked: never dma_unmap_page’d' : undefined;
    return {
      key: `gm:dma:${i}`,
      label: `DMA mapping for ${lines[0]}${leaked ? ', leaked: no operation will unmap it' : ', in flight'}.`,
      lines,
      warn,
      changed: changedKeys.has('gm:dma'),
    };
  });

  const mems: Entry[] = Object.keys(world.procs).map((proc) => {
    const key = `gm:mems:${proc}`;
    const nodes = [0, ...(g.memsAllowed[proc] ?? [])];
    const lines = [
      `${proc} · mems_allowed: node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')}`,
    ];
    return { key, label: `${lines[0]}.`, lines, changed: changedKeys.has(key) };
  });

  return (
    <div className="gmem-objects" data-testid="gmem-objects">
      <Section title="gm_dev" entries={devs} empty="No gm_dev: gm_dev_create has not run." />
      <Section title="hnode" entries={hnodes} empty="No hnode: no memory registered." />
      <Section title="gm_as" entries={ases} empty="No gm_as." />
      <Section title="gm_context" entries={ctxs} empty="No context: gm_as_attach has not run." />
      <Section title="DMA mappings" entries={dma} empty="No live DMA mapping." />
      <Section title="mems_allowed" entries={mems} empty="No process." />
    </div>
  );
});
