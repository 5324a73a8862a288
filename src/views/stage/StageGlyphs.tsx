/**
 * The small shapes rows carry so that a kind reads by shape as well as by colour and label: the
 * padlock of a locked page, HMM's swap entry (2015), a fake device page's bitmap bit (2015).
 */
/** A padlock: a locked page (PG_locked), or a migration entry, which only exists under it. */
export function LockGlyph({ x, y }: { x: number; y: number }) {
  return (
    <g className="stage-lock" transform={`translate(${x},${y})`} aria-hidden="true">
      <rect x={1} y={5} width={10} height={7} rx={1.5} />
      <path d="M3.5 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" />
    </g>
  );
}

/**
 * HMM's swap entry (2015): a diamond, so the kind reads by shape as well as by colour and label
 * (the entry is HMM's own, not a page-table entry the CPU can use).
 */
export function HmmGlyph({ x, y }: { x: number; y: number }) {
  return <path className="stage-hmm-glyph" d={`M${x + 6} ${y}l6 6-6 6-6-6z`} aria-hidden="true" />;
}

/** A bitmap bit (2015 fake device memory): a filled square when set, an empty one when clear. */
export function BitGlyph({ x, y, set }: { x: number; y: number; set: boolean }) {
  return (
    <rect
      className={`stage-bit${set ? ' stage-bit--set' : ''}`}
      x={x}
      y={y}
      width={9}
      height={9}
      rx={1.5}
      aria-hidden="true"
    />
  );
}
