/**
 * One row of the stage each: a CPU page-table entry, a device page-table entry, a struct page,
 * or a collapsed range. Props are plain values so React skips every row a step did not change —
 * what keeps stepping through thousands of rows within a frame.
 */
import { memo } from 'react';
import type { Box, EntryTable, RangeBox } from '../geometry/stageLayout';
import { BitGlyph, HmmGlyph, LockGlyph } from './StageGlyphs';

/**
 * How a row relates to what the reader inspects — or, in a walkthrough, to the question on
 * screen: picked by the student, part of the revealed answer, missed, or under discussion.
 */
export type Mark = 'inspected' | 'related' | 'picked' | 'answer' | 'missed' | 'focus' | undefined;

interface RowShellProps {
  box: Box;
  className: string;
  label: string;
  changed: boolean;
  mark: Mark;
  /** `pte:A:3`, `dpt:m0:3`, `frame:12`: what the details card opens for this row. */
  inspectKey: string;
  /** The stage's one Tab stop (roving tabindex); ↑/↓ move between rows. */
  tabbable?: boolean;
  children: React.ReactNode;
}

function RowShell({
  box,
  className,
  label,
  changed,
  mark,
  inspectKey,
  tabbable = false,
  children,
}: RowShellProps) {
  return (
    <g
      className={`stage-row ${className}`}
      data-changed={changed || undefined}
      data-mark={mark}
      data-inspect={inspectKey}
      transform={`translate(${box.x},${box.y})`}
      tabIndex={tabbable ? 0 : -1}
      role="img"
      aria-label={label}
    >
      {/* No <title> tooltip: hovering opens the details card, which says more. */}
      <rect className="stage-row__bg" width={box.width} height={box.height} rx={4} />
      {children}
    </g>
  );
}

export interface EntryRowProps {
  box: Box;
  /** `pte`, `dpt` or `hpt`, and the kind modifier (`present`, `migration`, `write`, `none`…). */
  table: EntryTable;
  kind: string;
  page: number;
  badge: string;
  /** The frame it points at, as a label (`dev0:3`), or null for no entry. */
  target: string | null;
  locked: boolean;
  /** 2015 mirror entries: the hmm_pte dirty bit is set (the badge says so too). */
  dirty?: boolean;
  label: string;
  changed: boolean;
  mark: Mark;
  inspectKey: string;
  tabbable?: boolean;
}

/** A page-table entry, CPU or device: page number, kind badge, and the frame it points to. */
export const EntryRow = memo(function EntryRow(p: EntryRowProps) {
  const mid = p.box.height / 2;
  const hmm = p.table === 'pte' && p.kind === 'hmm';
  return (
    <RowShell
      box={p.box}
      className={`${p.table} ${p.table}--${p.kind}${p.dirty ? ' entry--dirty' : ''}`}
      label={p.label}
      changed={p.changed}
      mark={p.mark}
      inspectKey={p.inspectKey}
      tabbable={p.tabbable}
    >
      <text className="stage-row__page" x={8} y={mid}>
        {p.page}
      </text>
      {p.locked ? <LockGlyph x={30} y={mid - 6} /> : null}
      {hmm ? <HmmGlyph x={28} y={mid - 6} /> : null}
      <text className="stage-row__badge" x={p.locked || hmm ? 44 : 40} y={mid}>
        {p.badge}
      </text>
      {p.target !== null ? (
        <text className="stage-row__target" x={p.box.width - 8} y={mid} textAnchor="end">
          {p.target}
        </text>
      ) : null}
    </RowShell>
  );
});

export interface FrameRowProps {
  box: Box;
  region: string;
  /** 'used', 'free' (on a free list) or 'offline' (device memory not registered). */
  state: 'used' | 'free' | 'offline';
  name: string;
  value: number;
  locked: boolean;
  /** zone_device_data's mirror, for device-private pages in use (2015: a `dpfn[i]` slot). */
  owner: string | null;
  counters: string;
  /**
   * 2015 fake device memory: the page's rmem_bitmap bit, shown instead of the counters (the
   * bitmap, not the refcount, says whether it is in use). Undefined elsewhere.
   */
  bit?: boolean;
  label: string;
  changed: boolean;
  mark: Mark;
  inspectKey: string;
  tabbable?: boolean;
}

/** A struct page: its name, contents, lock, owner and refcount / mapcount / pincount. */
export const FrameRow = memo(function FrameRow(p: FrameRowProps) {
  const mid = p.box.height / 2;
  const cls = `frame frame--${p.region}${p.state === 'used' ? '' : ` frame--${p.state}`}${p.locked ? ' frame--locked' : ''}`;
  return (
    <RowShell
      box={p.box}
      className={cls}
      label={p.label}
      changed={p.changed}
      mark={p.mark}
      inspectKey={p.inspectKey}
      tabbable={p.tabbable}
    >
      <text className="stage-row__page" x={8} y={mid}>
        {p.name}
      </text>
      {p.bit !== undefined ? (
        <>
          <BitGlyph x={p.box.width - 86} y={mid - 4.5} set={p.bit} />
          <text className="stage-row__counters" x={p.box.width - 8} y={mid} textAnchor="end">
            {p.bit ? 'bit set' : 'bit clear'}
          </text>
        </>
      ) : null}
      {p.state !== 'used' ? (
        <text className="stage-row__badge" x={70} y={mid}>
          {p.state === 'free' ? 'free' : 'not registered'}
        </text>
      ) : (
        <>
          <text className="stage-row__value" x={70} y={mid}>
            = {p.value}
          </text>
          {p.locked ? <LockGlyph x={112} y={mid - 6} /> : null}
          {p.owner ? (
            <text className="stage-row__owner" x={128} y={mid}>
              {p.owner}
            </text>
          ) : null}
          {p.bit === undefined ? (
            <text className="stage-row__counters" x={p.box.width - 8} y={mid} textAnchor="end">
              {p.counters}
            </text>
          ) : null}
        </>
      )}
    </RowShell>
  );
});

export interface RangeRowProps {
  range: RangeBox;
  /** What the run holds, e.g. "pages 4–1023 · no entry" (for the label and the row). */
  text: string;
  tabbable?: boolean;
}

/** A collapsed run of untouched rows; Enter, Space or a click expands (or collapses) it. */
export const RangeRow = memo(function RangeRow({ range, text, tabbable = false }: RangeRowProps) {
  const mid = range.height / 2;
  const action = range.expanded ? 'collapse' : `${range.count} · expand`;
  return (
    <g
      className="stage-row stage-range"
      data-range={range.key}
      data-expanded={range.expanded || undefined}
      transform={`translate(${range.x},${range.y})`}
      tabIndex={tabbable ? 0 : -1}
      role="button"
      aria-expanded={range.expanded}
      // Exactly the words shown, in order: what is seen is what is read.
      aria-label={`${text} · ${action}`}
    >
      <rect className="stage-row__bg" width={range.width} height={range.height} rx={4} />
      <path
        className="stage-range__chevron"
        d={range.expanded ? `M7 ${mid - 3}h8l-4 6z` : `M9 ${mid - 4}v8l6-4z`}
        aria-hidden="true"
      />
      {/* One run of text, so the words on screen are exactly the accessible name. */}
      <text className="stage-range__text" x={26} y={mid}>
        {text} · <tspan className="stage-range__action">{action}</tspan>
      </text>
    </g>
  );
});
