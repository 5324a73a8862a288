/**
 * One side of the compare view: its kernel picker, what its kernel is doing at the shared
 * position (function, sentence, outcome, result), and its stage. Both panes draw on the same
 * layout, so a row sits at the same height on either side.
 */
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import { OutcomeBanner } from '../kernel/OutcomeBanner';
import { KernelPicker } from '../kernel/KernelPicker';
import type { KernelChoice } from '../kernel/kernelSpec';
import type { StepOutline } from '../scenarioOutline';
import { PaneOpLines } from './PaneOpLines';
import { Stage } from '../Stage';
import { StagePanel } from '../stage/StagePanel';
import type { PaneFrame, Side } from './types';

export interface ComparePaneProps {
  side: Side;
  /** `ERA_B · without FIX_…`: names the pane for screen readers. */
  line: string;
  choice: KernelChoice;
  onChoice: (next: KernelChoice) => void;
  at: PaneFrame;
  steps: readonly StepOutline[];
  extent: StageExtent;
  layout: StageLayout;
  problem?: string;
  /** The shared position is the first micro-step where the two states differ. */
  parted: boolean;
}

const SIDE_NAME: Record<Side, string> = { left: 'Left', right: 'Right' };

export function ComparePane(props: ComparePaneProps) {
  const { side, at, steps, parted } = props;
  const frame = at.frame;
  const ms = frame?.microstep ?? null;
  const step = frame && frame.step >= 0 ? steps[frame.step] : undefined;
  const notRun = frame?.result?.notRun;
  return (
    <section
      className="compare-pane"
      aria-label={`${SIDE_NAME[side]} kernel: ${props.line}`}
      data-side={side}
      data-parted={parted || undefined}
      data-testid={`compare-pane-${side}`}
    >
      <KernelPicker
        compact
        legend={`${SIDE_NAME[side]} kernel`}
        value={props.choice}
        onChange={props.onChoice}
      />
      <div className="compare-pane__now">
        <p className="compare-pane__eyebrow">
          {parted ? <span className="compare-pane__parted">They part here</span> : null}
          {frame === null
            ? 'No run'
            : frame.step < 0
              ? 'Before the first step'
              : `Step ${frame.step + 1} · micro-step ${frame.micro + 1} of ${at.microCount}`}
          {at.held ? <span className="compare-pane__held"> · done, holding</span> : null}
          {ms?.thread ? (
            <span className="thread-badge" title={`Thread ${ms.thread}`}>
              {ms.thread}
            </span>
          ) : null}
        </p>
        <PaneOpLines step={step} ms={ms} />
        {notRun ? (
          <p className="compare-pane__notrun" data-testid="not-run">
            {notRun}
          </p>
        ) : null}
        {ms?.outcome && !at.held ? <OutcomeBanner outcome={ms.outcome} /> : null}
        {frame && frame.violations.length > 0 && !at.held ? (
          <p className="compare-pane__violation">
            {frame.violations.map((v) => (
              <a key={v.id} href={`#inv=${encodeURIComponent(v.id)}`}>
                {v.id} broken
              </a>
            ))}
          </p>
        ) : null}
      </div>
      <Stage title={`${SIDE_NAME[side]} kernel`} problem={props.problem}>
        {frame ? (
          <StagePanel
            extent={props.extent}
            layout={props.layout}
            world={frame.world}
            changed={at.held ? null : (ms?.changed ?? null)}
            previous={at.previous}
            microstep={at.held ? null : (ms ?? null)}
          />
        ) : undefined}
      </Stage>
    </section>
  );
}
