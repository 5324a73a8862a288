import type { ReactNode } from 'react';
import './Stage.css';

export interface StageProps {
  /** Title of the scenario on stage, for the region's accessible name. */
  title: string;
  /** What to draw; without it the stage shows why there is nothing (see `problem`). */
  children?: ReactNode;
  /** Why nothing can be drawn, shown as plain text (e.g. the engine refused the scenario). */
  problem?: string;
}

/**
 * The main stage, where CPU page tables, device page tables and physical memory are drawn.
 * When a scenario cannot be run, it says why, in plain text, instead of drawing anything made up.
 */
export function Stage({ title, children, problem }: StageProps) {
  return (
    <section className="stage" aria-label={`Stage: ${title}`} data-testid="stage">
      {children ?? (
        <div className="stage__empty" data-testid="stage-empty">
          <svg viewBox="0 0 240 120" aria-hidden="true" focusable="false" className="stage__art">
            <g fill="none" strokeWidth="2">
              <rect x="10" y="20" width="80" height="80" rx="8" stroke="var(--cpu)" />
              <rect x="150" y="20" width="80" height="80" rx="8" stroke="var(--device)" />
              {[0, 1, 2, 3].map((i) => (
                <rect
                  key={`c${i}`}
                  x="22"
                  y={32 + i * 16}
                  width="56"
                  height="10"
                  rx="2"
                  stroke="var(--cpu)"
                  opacity="0.5"
                />
              ))}
              {[0, 1, 2, 3].map((i) => (
                <rect
                  key={`d${i}`}
                  x="162"
                  y={32 + i * 16}
                  width="56"
                  height="10"
                  rx="2"
                  stroke="var(--device)"
                  opacity="0.5"
                />
              ))}
              <path d="M96 50h48m-8-6 8 6-8 6M144 74H96m8-6-8 6 8 6" stroke="var(--text-muted)" />
            </g>
            <text x="50" y="114" textAnchor="middle" fill="var(--text-muted)" fontSize="11">
              CPU
            </text>
            <text x="190" y="114" textAnchor="middle" fill="var(--text-muted)" fontSize="11">
              device
            </text>
          </svg>
          <h2>Nothing to draw</h2>
          <p>
            {problem ??
              'This scenario has no state to show: page tables, struct pages and device memory appear here once it runs.'}
          </p>
        </div>
      )}
    </section>
  );
}
