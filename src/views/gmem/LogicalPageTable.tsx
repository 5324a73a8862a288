/**
 * GMEM's logical page table (struct vm_object, seed 003) of every process that has one: one row
 * per HPAGE_SIZE chunk, its gm_mapping's type, lock and WILLNEED mark and what it points to,
 * beside the CPU page table's entries for the chunk's pages and each live context's pmap entry —
 * so a reader sees at once whether the three agree (INV-X2, INV-X3).
 */
import { memo } from 'react';
import type { World } from '../../engine';
import { LockGlyph } from '../stage/StageGlyphs';
import { chunkLabel, liveContexts, lptChanged, lptRows } from './gmemModel';

export interface ChunkRef {
  proc: string;
  chunk: number;
}

export interface LogicalPageTableProps {
  world: World;
  /** `gm:` keys the micro-step on screen changed. */
  changedKeys: ReadonlySet<string>;
  /** The chunk the state diagram follows. */
  selected: ChunkRef | null;
  onSelect?: (c: ChunkRef) => void;
}

export const LogicalPageTable = memo(function LogicalPageTable({
  world,
  changedKeys,
  selected,
  onSelect,
}: LogicalPageTableProps) {
  const g = world.gmem;
  if (g === undefined) return null;
  const procs = Object.keys(g.vmObjs);
  if (procs.length === 0)
    return (
      <p className="gmem-empty" data-testid="gmem-lpt-empty">
        No vm_object yet: a MAP_PEER_SHARED mmap creates a process&apos;s logical page table.
      </p>
    );
  return (
    <>
      {procs.map((proc) => {
        const rows = lptRows(world, proc);
        const ctxs = liveContexts(g, proc);
        return (
          <table
            key={proc}
            className="gmem-lpt"
            data-testid={`gmem-lpt-${proc}`}
            data-changed={changedKeys.has(`gm:lpt:${proc}`) || undefined}
          >
            <caption>{proc} · logical page table (vm_object)</caption>
            <thead>
              <tr>
                <th scope="col">chunk</th>
                <th scope="col">gm_mapping</th>
                <th scope="col">points to</th>
                <th scope="col">CPU page table</th>
                {ctxs.map((c) => (
                  <th scope="col" key={c.name}>
                    {c.name} pmap · {c.dev}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const m = r.mapping;
                const isSelected = selected?.proc === proc && selected.chunk === r.chunk;
                const select = () => onSelect?.({ proc, chunk: r.chunk });
                return (
                  <tr
                    key={r.key}
                    className={`gmem-lpt__row gmem-lpt__row--${m?.flag.toLowerCase() ?? 'none'}`}
                    data-gm-key={r.key}
                    data-changed={lptChanged(changedKeys, proc, r.chunk) || undefined}
                    data-selected={isSelected || undefined}
                    tabIndex={0}
                    aria-label={r.label}
                    onClick={select}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' && e.key !== ' ') return;
                      e.preventDefault();
                      select();
                    }}
                  >
                    <th scope="row" className="gmem-lpt__chunk">
                      {chunkLabel(r.chunk)}
                    </th>
                    <td>
                      <span className={`gmem-badge gmem-badge--${m?.flag.toLowerCase() ?? 'none'}`}>
                        {m?.flag ?? 'none'}
                      </span>
                      {m?.willneed ? <span className="gmem-willneed">WILLNEED</span> : null}
                      {m?.locked ? (
                        <svg
                          className="gmem-lock"
                          width={14}
                          height={14}
                          role="img"
                          aria-label="locked"
                        >
                          <LockGlyph x={1} y={0} />
                        </svg>
                      ) : null}
                    </td>
                    <td className="gmem-mono">{r.pointsTo}</td>
                    <td>
                      <span className="gmem-cells">
                        {r.ptes.map((p) => (
                          <span
                            key={p.page}
                            className="gmem-cell"
                            data-present={p.present || undefined}
                          >
                            <span className="gmem-cell__page">{p.page}</span> {p.text}
                          </span>
                        ))}
                      </span>
                    </td>
                    {r.pmaps.map((p) => (
                      <td
                        key={p.ctx}
                        className="gmem-mono"
                        data-mapped={p.frames ? true : undefined}
                      >
                        {p.frames ? p.frames.join(' ') : '—'}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </>
  );
});
