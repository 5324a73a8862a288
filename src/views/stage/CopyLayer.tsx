/**
 * A page moving between memories is drawn as the copy it is: a token with the page's value
 * travels from the source frame to the new one. Drawn over the stage, ignored by pointers and
 * screen readers (the narration says it in words); skipped under prefers-reduced-motion.
 */
import { useLayoutEffect, useRef } from 'react';
import type { FrameCopy, World } from '../../engine';
import { getFrame } from '../../engine';
import type { StageLayout } from '../geometry/stageLayout';

/** How long one token travels (ms). */
export const COPY_MS = 650;

export interface CopyLayerProps {
  layout: StageLayout;
  /** The copies of the micro-step on screen (a new array for each micro-step). */
  copies: readonly FrameCopy[] | undefined;
  world: World;
  scale: number;
  reducedMotion: boolean;
}

export function CopyLayer({ layout, copies, world, scale, reducedMotion }: CopyLayerProps) {
  const refs = useRef<(SVGGElement | null)[]>([]);
  const shown = (copies ?? []).filter((c) => layout.frames.has(c.from) && layout.frames.has(c.to));

  useLayoutEffect(() => {
    if (reducedMotion || shown.length === 0) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import('./copyTransition').then(({ playCopies }) => {
      if (cancelled) return;
      const tokens = shown.flatMap((c, i) => {
        const el = refs.current[i];
        return el ? [{ el, from: layout.frames.get(c.from)!, to: layout.frames.get(c.to)! }] : [];
      });
      stop = playCopies(tokens, COPY_MS);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
    // A new copies array is a new micro-step: replay. `shown` derives from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [copies, layout, reducedMotion]);

  if (reducedMotion || shown.length === 0) return null;
  return (
    <svg
      className="copy-layer"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width * scale}
      height={layout.height * scale}
      aria-hidden="true"
      data-testid="copy-layer"
    >
      {shown.map((c, i) => (
        <g
          key={`${c.from}>${c.to}`}
          ref={(el) => {
            refs.current[i] = el;
          }}
          className="copy-token"
          style={{ opacity: 0 }}
        >
          <rect x={-22} y={-10} width={44} height={20} rx={10} />
          <text textAnchor="middle" dominantBaseline="central">
            {getFrame(world, c.to).value}
          </text>
        </g>
      ))}
    </svg>
  );
}
