import { useEffect, useRef } from 'react';
import { formatStep, type ScenarioOutline } from './scenarioOutline';
import './NarrationPanel.css';

export interface NarrationPanelProps {
  scenario: ScenarioOutline;
  /** Frame on screen: 0 is before the first step, k is after step k. */
  position: number;
  /** Jump to a frame (clicking a step in the list). */
  onSeek?: (position: number) => void;
}

/**
 * What is happening, in words: the current step (announced to screen readers as it changes),
 * then the scenario's steps as a list in which the current one is marked and any one can be
 * jumped to.
 */
export function NarrationPanel({ scenario, position, onSeek }: NarrationPanelProps) {
  const total = scenario.steps.length;
  const current = position > 0 ? scenario.steps[position - 1] : undefined;
  const listRef = useRef<HTMLOListElement>(null);

  // Keep the current step in view as playback moves down a long list.
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [position]);

  return (
    <aside className="narration" aria-label="Narration" data-testid="narration">
      <div className="narration__now" aria-live="polite" aria-atomic="true">
        <p className="narration__eyebrow">
          {position === 0 ? 'Before the first step' : `Step ${position} of ${total}`}
        </p>
        <p className="narration__text" data-testid="narration-text">
          {current ? formatStep(current) : scenario.title}
        </p>
      </div>
      {scenario.summary ? <p className="narration__summary">{scenario.summary}</p> : null}
      <h2 className="narration__heading">Steps</h2>
      <ol className="narration__steps" ref={listRef}>
        {scenario.steps.map((step, i) => {
          const frame = i + 1;
          const isCurrent = frame === position;
          return (
            <li key={i} aria-current={isCurrent ? 'step' : undefined} data-done={frame <= position}>
              <button
                type="button"
                onClick={() => onSeek?.(frame)}
                aria-label={`Go to step ${frame}: ${formatStep(step)}`}
              >
                <span className="narration__index">{frame}</span>
                <code>{formatStep(step)}</code>
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
