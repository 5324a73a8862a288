/**
 * HMM and GMEM side by side (issue 8): one workload, one pane per framework on a shared
 * timeline, stepped beat by beat. Above the panes: the beats, and for the current one what each
 * layer does, the driver code paths, and the debate. The position is the page's own player
 * (same keys as the main one; Shift+←/→ move by beat).
 */
import type { Beat } from '../../scenarios/comparisons/schema';
import { comparisonHref } from '../../scenarios/comparisons/route';
import { PlayerContext } from '../PlayerContext';
import type { StepOutline } from '../scenarioOutline';
import type { Timeline } from '../timeline';
import { TimelineBar } from '../TimelineBar';
import { GmemBeatPanel, type PathCounts } from './GmemBeatPanel';
import { GmemPane, type GmemSide } from './GmemPane';
import type { PaneFrame } from './types';
import './Compare.css';
import './GmemCompare.css';

export interface GmemSideInput {
  title: string;
  steps: readonly StepOutline[];
  timeline: Timeline;
  problem?: string;
}

/** The rows as the view needs them: each side's frame index and whether it is held. */
export interface GmemViewRow {
  readonly beat: number;
  readonly hmm: number | null;
  readonly gmem: number | null;
  readonly hmmHeld: boolean;
  readonly gmemHeld: boolean;
}

export interface GmemCompareViewProps {
  id: string;
  title: string;
  summary: string;
  beats: readonly Beat[];
  rows: readonly GmemViewRow[];
  beatEnds: readonly number[];
  hmm: GmemSideInput;
  gmem: GmemSideInput;
  counts: { perBeat: readonly PathCounts[]; soFar: readonly PathCounts[]; all: PathCounts };
  /** The other comparisons, to switch to. */
  others: readonly { id: string; title: string }[];
  onBack: () => void;
}

function paneAt(row: GmemViewRow | undefined, side: GmemSide, t: Timeline): PaneFrame {
  const index = row?.[side] ?? null;
  if (!row || index === null) return { frame: null, held: false, microCount: 0 };
  return {
    frame: t.frames[index] ?? null,
    previous: t.frames[index - 1]?.world ?? null,
    held: side === 'hmm' ? row.hmmHeld : row.gmemHeld,
    microCount: 0,
  };
}

export function GmemCompareView(props: GmemCompareViewProps) {
  const { beats, rows, beatEnds, counts } = props;
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const at = Math.max(0, Math.min(position, rows.length - 1));
  const row = rows[at];
  const current = row?.beat ?? -1;
  const seek = (p: number) => player.send({ type: 'player.seek', position: p });
  const next = beatEnds.find((e) => e > at);
  const prev = [...beatEnds].reverse().find((e) => e < at);
  const beat = current >= 0 ? beats[current] : undefined;
  return (
    <main
      className="compare gmem-compare"
      aria-labelledby="gmem-compare-title"
      data-testid="gmem-compare-page"
    >
      <header className="compare__head">
        <button type="button" className="compare__back" onClick={props.onBack}>
          ← Back to the stage
        </button>
        <h2 id="gmem-compare-title">
          HMM vs GMEM{' '}
          <span className="compare__scenario">{props.title.replace(/^HMM vs GMEM: /, '')}</span>
        </h2>
        {props.others.length > 0 ? (
          <nav aria-label="Other comparisons" className="gmem-compare__others">
            {props.others.map((o) => (
              <a key={o.id} href={comparisonHref(o.id)}>
                {o.title.replace(/^HMM vs GMEM: /, '')}
              </a>
            ))}
          </nav>
        ) : null}
      </header>
      <nav className="gmem-beats" aria-label="Beats">
        <button
          type="button"
          onClick={() => seek(prev ?? 0)}
          disabled={at === 0}
          data-testid="beat-prev"
        >
          ← Previous beat
        </button>
        <button
          type="button"
          onClick={() => next !== undefined && seek(next)}
          disabled={next === undefined}
          data-testid="beat-next"
        >
          Next beat →
        </button>
        <ol className="gmem-beats__list">
          {beats.map((b, i) => (
            <li key={b.title}>
              <button
                type="button"
                aria-current={i === current ? 'step' : undefined}
                onClick={() => seek(beatEnds[i] ?? 0)}
                data-testid="beat-button"
              >
                <span className="gmem-beats__n">{i + 1}</span> {b.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <p className="visually-hidden" aria-live="polite">
        {beat ? `Beat ${current + 1}: ${beat.title}` : ''}
      </p>
      <div className="gmem-compare__body">
        {beat ? (
          <GmemBeatPanel
            beat={beat}
            index={current}
            total={beats.length}
            perBeat={counts.perBeat[current]!}
            soFar={counts.soFar[current]!}
            all={counts.all}
          />
        ) : (
          <section
            className="gmem-beat gmem-beat--intro"
            data-testid="gmem-beat-intro"
            aria-label="About this comparison"
            tabIndex={0}
          >
            <p>{props.summary}</p>
            <p>
              Driver code paths over the whole workload: HMM {counts.all.hmm}, GMEM{' '}
              {counts.all.gmem}. Choose a beat, or press → to step.
            </p>
          </section>
        )}
        <div className="compare__panes gmem-compare__panes">
          <GmemPane
            side="hmm"
            title={props.hmm.title}
            timeline={props.hmm.timeline}
            at={paneAt(row, 'hmm', props.hmm.timeline)}
            steps={props.hmm.steps}
            problem={props.hmm.problem}
          />
          <GmemPane
            side="gmem"
            title={props.gmem.title}
            timeline={props.gmem.timeline}
            at={paneAt(row, 'gmem', props.gmem.timeline)}
            steps={props.gmem.steps}
            problem={props.gmem.problem}
          />
        </div>
      </div>
      <footer className="compare__footer">
        <TimelineBar />
      </footer>
    </main>
  );
}
