import { lazy, type ReactNode, Suspense, useEffect, useRef } from 'react';
import { INVARIANTS, type StepResult } from '../engine';
import { formatStep, type ScenarioOutline } from './scenarioOutline';
import { decodeProt, hexByte } from './stage/describe';
import { DUMMY_COUNTERS } from './stage/describe2015';
import type { TimelineFrame } from './timeline';
import './NarrationPanel.css';

/** Only a buggy kernel breaks: the banner loads the first time one does. */
const OutcomeBanner = lazy(() =>
  import('./kernel/OutcomeBanner').then((m) => ({ default: m.OutcomeBanner })),
);

export interface NarrationPanelProps {
  scenario: ScenarioOutline;
  /** The frame on screen, if the scenario could be run. */
  frame: TimelineFrame | null;
  /** How many micro-steps the current step has (for "micro-step 2 of 5"). */
  microCount?: number;
  /** Jump to the end of a step (clicking a step in the list). */
  onSeekStep?: (step: number) => void;
  /** Which kernel runs the scenario, shown above the narration when it is not the fixed one. */
  kernel?: ReactNode;
  /** The interleaving control while a race step is shown (outside the live region). */
  race?: ReactNode;
}

/** One line of a result's fields: `ret 0 · cpages 1 · data [42]`. */
function resultFields(result: StepResult): [string, string][] {
  const fields: [string, string][] = [
    ['ret', `${result.ret}${result.errno ? ` (${result.errno})` : ''}`],
  ];
  if (result.cpages !== undefined) fields.push(['cpages', String(result.cpages)]);
  if (result.faults !== undefined) fields.push(['faults', String(result.faults)]);
  // 2015 dummy driver: the ioctl's own counters, under their uapi names.
  const dummy = result.dummy;
  if (dummy) for (const k of DUMMY_COUNTERS) fields.push([k, String(dummy[k])]);
  if (result.signal) fields.push(['signal', result.signal]);
  if (result.data) fields.push(['data', `[${result.data.join(', ')}]`]);
  if (result.notRun) fields.push(['', 'cut short: the kernel halted']);
  return fields;
}

function ResultView({ result }: { result: StepResult }) {
  // A race answers each thread as if it had run alone.
  const fields: [string, string][] = result.threads
    ? result.threads.map((t, i) => [
        `T${i + 1} ${t.op}`,
        resultFields(t)
          .map(([k, v]) => (k ? `${k} ${v}` : v))
          .join(' · '),
      ])
    : resultFields(result);
  return (
    <div className="narration__result" data-testid="narration-result">
      <h3>Result</h3>
      <dl>
        {fields.map(([k, v]) => (
          // The spaces keep "cpages 2" readable as text (copy, screen readers), not "cpages2".
          <div key={k}>
            <dt>{k}</dt>{' '}
            <dd>
              <code>{v}</code>
            </dd>{' '}
          </div>
        ))}
      </dl>
      {result.prot ? (
        <ul className="narration__prot" aria-label="Snapshot bytes">
          {result.prot.map((b, i) => (
            <li key={i}>
              <code>{hexByte(b)}</code> {decodeProt(b)}
            </li>
          ))}
        </ul>
      ) : null}
      {result.error ? <p className="narration__error">{result.error}</p> : null}
    </div>
  );
}

const INVARIANT_LIST = Object.entries(INVARIANTS);

/** After every micro-step the engine checks the invariants the change touches; none broke. */
function InvariantsHold() {
  return (
    <details className="narration__invariants" data-testid="invariants-hold">
      <summary>
        <span aria-hidden="true">✓</span> Invariants checked: none broken
      </summary>
      <ul>
        {INVARIANT_LIST.map(([id, text]) => (
          <li key={id}>
            <a href={`#inv=${id}`}>
              <strong>{id}</strong>
            </a>{' '}
            {text}
          </li>
        ))}
      </ul>
      <p className="narration__all-invariants">
        <a href="#invariants">Every invariant, explained →</a>
      </p>
    </details>
  );
}

/**
 * What is happening, in words: the op and its kernel phase, one sentence, the kernel function
 * with a link to its source, the op's result on its last micro-step, and any invariant that
 * failed — announced to screen readers as it changes. Below, the scenario's steps, the current
 * one marked, any one a click away.
 */
export function NarrationPanel({
  scenario,
  frame,
  microCount,
  onSeekStep,
  kernel,
  race,
}: NarrationPanelProps) {
  const total = scenario.steps.length;
  const stepIndex = frame?.step ?? -1;
  const step = stepIndex >= 0 ? scenario.steps[stepIndex] : undefined;
  const ms = frame?.microstep ?? null;
  const listRef = useRef<HTMLOListElement>(null);

  // Keep the current step in view inside the list only: scrollIntoView would also scroll the
  // page, and on a phone carry the stage out of sight at every step.
  useEffect(() => {
    const list = listRef.current;
    const el = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !el) return;
    const top = el.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + el.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = top + el.offsetHeight - list.clientHeight;
  }, [stepIndex]);

  return (
    <aside className="narration" aria-label="Narration" data-testid="narration">
      {kernel}
      <div className="narration__now" aria-live="polite" aria-atomic="true">
        <p className="narration__eyebrow">
          {stepIndex < 0
            ? 'Before the first step'
            : `Step ${stepIndex + 1} of ${total}${microCount && microCount > 1 ? ` · micro-step ${(frame?.micro ?? 0) + 1} of ${microCount}` : ''}`}
          {ms?.thread ? (
            <span className="thread-badge" data-testid="thread-badge">
              <span className="visually-hidden">, thread </span>
              {ms.thread}
            </span>
          ) : null}
        </p>
        <p className="narration__text" data-testid="narration-text">
          {step ? formatStep(step) : scenario.title}
        </p>
        {ms ? (
          <>
            <p className="narration__fn">
              <a href={ms.src} target="_blank" rel="noreferrer noopener" data-testid="kernel-link">
                <code>{ms.fn}()</code>
              </a>{' '}
              <span className="narration__file">{ms.file}</span>
            </p>
            {ms.phase !== ms.fn || ms.coalesced > 1 ? (
              <p className="narration__phase" data-testid="narration-phase">
                <span className="visually-hidden">Phase: </span>
                {ms.phase}
                {ms.coalesced > 1 ? ` · ${ms.coalesced} kernel steps shown as one` : ''}
              </p>
            ) : null}
            <p className="narration__sentence" data-testid="narration-sentence">
              {ms.narration}
            </p>
          </>
        ) : stepIndex < 0 && scenario.summary ? (
          <p className="narration__sentence">{scenario.summary}</p>
        ) : null}
        {ms?.outcome ? (
          <Suspense fallback={null}>
            <OutcomeBanner outcome={ms.outcome} />
          </Suspense>
        ) : null}
        {frame?.result?.notRun ? (
          <p className="narration__not-run" data-testid="not-run">
            {frame.result.notRun}
          </p>
        ) : frame?.result ? (
          <ResultView result={frame.result} />
        ) : null}
        {frame && frame.violations.length > 0 ? (
          <div className="narration__violations" role="alert">
            {frame.violations.map((v, i) => (
              <p key={i}>
                <strong>{v.id}</strong> {v.message} {v.detail}{' '}
                <a href={`#inv=${v.id}`}>Why this rule?</a>
              </p>
            ))}
          </div>
        ) : null}
      </div>
      {race}
      {/* Outside the live region: it would be read out again at every step. */}
      {ms && frame && frame.violations.length === 0 ? <InvariantsHold /> : null}
      <h2 className="narration__heading">Steps</h2>
      <ol className="narration__steps" ref={listRef}>
        {scenario.steps.map((s, i) => {
          const isCurrent = i === stepIndex;
          return (
            <li key={i} aria-current={isCurrent ? 'step' : undefined} data-done={i <= stepIndex}>
              {/* Named by what it shows ("5 dev.migrate · m0 · pages 0–1"), so what is seen is
                  what is read; the list around it is "Steps". */}
              <button type="button" onClick={() => onSeekStep?.(i)} title={`Go to step ${i + 1}`}>
                <span className="narration__index">{i + 1}</span> <code>{formatStep(s)}</code>
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
