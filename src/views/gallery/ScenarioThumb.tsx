import { memo, useMemo } from 'react';
import type { FinalState } from '../../engine/trace';
import { THUMB, thumbLayout } from '../geometry/thumb';

/**
 * A miniature of a scenario's final state (geometry/thumb.ts). Decorative: the card says the
 * same in words, so the drawing is hidden from screen readers.
 */
export const ScenarioThumb = memo(function ScenarioThumb({ final }: { final: FinalState | null }) {
  const layout = useMemo(() => (final ? thumbLayout(final) : null), [final]);
  return (
    <svg
      className="thumb"
      viewBox={`0 0 ${THUMB.width} ${THUMB.height}`}
      aria-hidden="true"
      focusable="false"
      data-testid="scenario-thumb"
      data-ready={layout ? 'true' : undefined}
    >
      <rect className="thumb__col thumb__col--cpu" x={1} y={2} width={52} height={80} rx={4} />
      <rect className="thumb__col" x={54} y={2} width={52} height={80} rx={4} />
      <rect className="thumb__col thumb__col--dev" x={107} y={2} width={52} height={80} rx={4} />
      {layout?.cells.map((c, i) => (
        <rect
          key={i}
          className={`thumb__cell thumb__cell--${c.kind}`}
          x={c.x}
          y={c.y}
          width={THUMB.cell}
          height={THUMB.cell}
          rx={1}
        />
      ))}
    </svg>
  );
});
