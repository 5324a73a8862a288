import type { ReactNode } from 'react';
import './Stage.css';

export interface StageProps {
  /** Title of the scenario on stage, for the region's accessible name. */
  title: string;
  /** What to draw; nothing yet means the empty state, which says why. */
  children?: ReactNode;
}

/**
 * The main stage, where CPU page tables, device page tables and physical memory are drawn.
 * Until a kernel model is there to draw, it says so plainly instead of showing made-up data.
 */
export function Stage({ title, children }: StageProps) {
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
          <h2>Nothing to draw yet</h2>
          <p>
            This build does not include the kernel model, so no page tables, struct pages or device
            memory are drawn. The timeline still walks through the scenario&rsquo;s operations,
            which are listed with the narration.
          </p>
        </div>
      )}
    </section>
  );
}
