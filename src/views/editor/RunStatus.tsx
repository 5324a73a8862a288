/**
 * The run as a whole: is the document valid, did it run, did any invariant break. Kernel
 * errors are not problems here (they are results, shown on their steps); a broken invariant
 * is, and is listed with its step.
 */
import type { Checked } from './useChecked';

export interface RunStatusProps {
  readonly checked: Checked;
  readonly parseError: boolean;
  readonly stale: boolean;
  readonly onRunNow: () => void;
}

function summary({ checked, parseError }: RunStatusProps): string {
  if (parseError) return 'The JSON does not parse: nothing runs until it does.';
  if (checked.errors.length > 0) {
    const n = checked.errors.length;
    return `${n} ${n === 1 ? 'problem' : 'problems'} in the document: fix ${n === 1 ? 'it' : 'them'} to run it.`;
  }
  if (checked.crash) return `The engine stopped with an internal error: ${checked.crash}`;
  if (checked.skipped) {
    const s = (checked.skipped.estimate / 1e6).toFixed(1);
    return checked.skipped.canRun
      ? `Valid. This document is large (about ${s} s to run), so it does not run as you type.`
      : `Valid, but too large to run in the editor (about ${s} s). Play it in the lab instead.`;
  }
  const t = checked.trace;
  if (!t) return 'Checking…';
  const failed = t.results.filter((r) => r.ret < 0).length;
  const steps = `${t.results.length} ${t.results.length === 1 ? 'step' : 'steps'} ran`;
  const errs = failed > 0 ? `, ${failed} returned an error` : '';
  const inv =
    t.violations.length > 0
      ? `; ${t.violations.length} invariant ${t.violations.length === 1 ? 'violation' : 'violations'}`
      : '; no invariant broken';
  return `Valid. ${steps}${errs} (${t.microsteps} micro-steps)${inv}.`;
}

export function RunStatus(props: RunStatusProps) {
  const { checked } = props;
  const violations = props.parseError ? [] : (checked.trace?.violations ?? []);
  const ok = !props.parseError && checked.errors.length === 0 && !checked.crash;
  return (
    <div className="ed-status" data-ok={ok || undefined} data-stale={props.stale || undefined}>
      <p className="ed-status__line" data-testid="run-status">
        {summary(props)}
        {checked.skipped?.canRun && !props.parseError ? (
          <>
            {' '}
            <button type="button" className="icon-button" onClick={props.onRunNow}>
              Run it once
            </button>
          </>
        ) : null}
      </p>
      {violations.length > 0 ? (
        <ul className="ed-status__violations" aria-label="Invariant violations">
          {violations.map((v, i) => (
            <li key={i}>
              <strong>{v.id}</strong> at step {v.step + 1}: {v.message} {v.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
