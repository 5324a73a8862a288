/**
 * Two kernels, one scenario, side by side: a pane per kernel on one shared timeline, and above
 * them where the two runs first part and why. The position is the compare page's own player
 * (same keys as the main one); what each pane shows at a position comes from the aligned rows.
 */
import { useMemo } from 'react';
import { COMPARISONS, comparisonHref } from '../../scenarios/comparisons';
import { useUiStore } from '../../store/uiStore';
import { stageExtent } from '../geometry/extent';
import { layoutStage } from '../geometry/stageLayout';
import type { KernelChoice } from '../kernel/kernelSpec';
import { PlayerContext } from '../PlayerContext';
import type { StepOutline } from '../scenarioOutline';
import type { Timeline } from '../timeline';
import { TimelineBar, type TimelineMark } from '../TimelineBar';
import { ComparePane } from './ComparePane';
import { DivergencePanel } from './DivergencePanel';
import type { CompareRow, Divergence, PaneFrame, Side } from './types';
import './Compare.css';
import './GmemCompare.css';

export interface ComparePaneInput {
  choice: KernelChoice;
  onChoice: (next: KernelChoice) => void;
  /** One line naming the kernel. */
  line: string;
  timeline: Timeline;
  problem?: string;
}

export interface CompareViewProps {
  title: string;
  steps: readonly StepOutline[];
  left: ComparePaneInput;
  right: ComparePaneInput;
  rows: readonly CompareRow[];
  divergence: Divergence | null;
  /** Marks for the scrubber: where a pane's kernel broke. */
  outcomes: readonly TimelineMark[];
  onBack: () => void;
}

function paneAt(row: CompareRow | undefined, side: Side, t: Timeline): PaneFrame {
  const index = row?.[side] ?? null;
  if (!row || index === null) return { frame: null, held: false, microCount: 0 };
  const start = t.opStarts[row.step];
  const count = start === undefined ? 1 : (t.opStarts[row.step + 1] ?? t.frames.length) - start;
  return {
    frame: t.frames[index] ?? null,
    previous: t.frames[index - 1]?.world ?? null,
    held: side === 'left' ? row.leftHeld : row.rightHeld,
    microCount: count,
  };
}

export function CompareView(props: CompareViewProps) {
  const { rows, divergence, left, right } = props;
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const row = rows[Math.min(position, rows.length - 1)];
  const at = Math.min(position, rows.length - 1);
  // One layout for both: a page or frame used by either run has its row on both sides.
  const extent = useMemo(
    () => stageExtent([...left.timeline.frames, ...right.timeline.frames]),
    [left.timeline, right.timeline],
  );
  const expanded = useUiStore((s) => s.expandedRanges);
  const layout = useMemo(() => layoutStage(extent, new Set(expanded)), [extent, expanded]);
  const marks = useMemo<TimelineMark[]>(
    () => [
      ...props.outcomes,
      ...(divergence
        ? [{ position: divergence.row, kind: 'diverge' as const, label: 'the kernels part here' }]
        : []),
    ],
    [props.outcomes, divergence],
  );
  const here = divergence !== null && divergence.row === at;
  const pane = (side: Side, input: ComparePaneInput) => (
    <ComparePane
      side={side}
      line={input.line}
      choice={input.choice}
      onChoice={input.onChoice}
      at={paneAt(row, side, input.timeline)}
      steps={props.steps}
      extent={extent}
      layout={layout}
      problem={input.problem}
      parted={here}
    />
  );
  return (
    <main className="compare" aria-labelledby="compare-title" data-testid="compare-page">
      <header className="compare__head">
        <button type="button" className="compare__back" onClick={props.onBack}>
          ← Back to the stage
        </button>
        <h2 id="compare-title">
          Compare kernels <span className="compare__scenario">{props.title}</span>
        </h2>
        <nav aria-label="HMM vs GMEM" className="compare__gmem" data-testid="compare-gmem-links">
          Or HMM and GMEM side by side:{' '}
          {COMPARISONS.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? ' · ' : ''}
              <a href={comparisonHref(c.id)}>{c.title.replace(/^HMM vs GMEM: /, '')}</a>
            </span>
          ))}
        </nav>
      </header>
      <DivergencePanel
        divergence={divergence}
        rows={rows}
        steps={props.steps}
        here={here}
        failed={left.problem !== undefined || right.problem !== undefined}
        onJump={() => divergence && player.send({ type: 'player.seek', position: divergence.row })}
      />
      <p className="visually-hidden" aria-live="polite">
        {here ? 'The two kernels part at this micro-step.' : ''}
      </p>
      <div className="compare__panes">
        {pane('left', left)}
        {pane('right', right)}
      </div>
      <footer className="compare__footer">
        <TimelineBar marks={marks} />
      </footer>
    </main>
  );
}
