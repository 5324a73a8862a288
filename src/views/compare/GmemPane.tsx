/**
 * One side of an HMM-vs-GMEM comparison: which framework, what its kernel is doing at the shared
 * position (step, function, sentence, result), and its stage. Like ComparePane, without a
 * kernel picker: each side is its own scenario, run on the kernel it was written for.
 */
import { OutcomeBanner } from '../kernel/OutcomeBanner';
import { useStageGeometry } from '../stage/useStageGeometry';
import type { StepOutline } from '../scenarioOutline';
import { Stage } from '../Stage';
import { StagePanel } from '../stage/StagePanel';
import type { Timeline } from '../timeline';
import { PaneOpLines } from './PaneOpLines';
import type { PaneFrame } from './types';

export type GmemSide = 'hmm' | 'gmem';

export const SIDE_TITLE: Record<GmemSide, string> = { hmm: 'HMM', gmem: 'GMEM' };
const SIDE_LINE: Record<GmemSide, string> = {
  hmm: 'test_hmm driver · mmu_interval_notifier, migrate_vma, device-private pages',
  gmem: 'GMEM RFC (2023) driver · gm_dev, gm_as, gm_dev_fault, gm_mmu callbacks',
};

export interface GmemPaneProps {
  side: GmemSide;
  /** The library scenario this side runs. */
  title: string;
  timeline: Timeline;
  at: PaneFrame;
  steps: readonly StepOutline[];
  problem?: string;
}

export function GmemPane({ side, title, timeline, at, steps, problem }: GmemPaneProps) {
  // Each side has its own machine (dev0 vs npu0): a layout of its own.
  const { extent, layout } = useStageGeometry(timeline.frames);
  const frame = at.frame;
  const ms = frame?.microstep ?? null;
  const step = frame && frame.step >= 0 ? steps[frame.step] : undefined;
  const result = frame?.result;
  return (
    <section
      className="compare-pane gmem-pane"
      aria-label={`${SIDE_TITLE[side]}: ${title}`}
      data-side={side}
      data-testid={`gmem-pane-${side}`}
    >
      <header className="gmem-pane__head">
        <h3>{SIDE_TITLE[side]}</h3>
        <p>{SIDE_LINE[side]}</p>
      </header>
      <div className="compare-pane__now" aria-live="off">
        <p className="compare-pane__eyebrow" data-testid={`gmem-pane-${side}-where`}>
          {frame === null
            ? 'No run'
            : frame.step < 0
              ? 'Before the first step'
              : `Step ${frame.step + 1} · micro-step ${frame.micro + 1}`}
          {at.held ? <span className="compare-pane__held"> · done, holding</span> : null}
        </p>
        <PaneOpLines step={step} ms={ms} />
        {result && result.errno ? (
          <p className="gmem-pane__errno" data-testid={`gmem-pane-${side}-errno`}>
            Returns -{result.errno}
            {result.error ? `: ${result.error}` : ''}
          </p>
        ) : null}
        {result?.gm && result.gm.ret !== 'GM_RET_SUCCESS' ? (
          <p className="gmem-pane__errno" data-testid={`gmem-pane-${side}-gmret`}>
            Returns {result.gm.ret}
          </p>
        ) : null}
        {ms?.outcome && !at.held ? <OutcomeBanner outcome={ms.outcome} /> : null}
        {frame && frame.violations.length > 0 && !at.held ? (
          <p className="compare-pane__violation">
            {[...new Set(frame.violations.map((v) => v.id))].map((id) => (
              <a key={id} href={`#inv=${encodeURIComponent(id)}`}>
                {id} broken
              </a>
            ))}
          </p>
        ) : null}
      </div>
      <Stage title={`${SIDE_TITLE[side]} side`} problem={problem}>
        {frame ? (
          <StagePanel
            extent={extent}
            layout={layout}
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
