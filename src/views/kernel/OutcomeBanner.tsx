/**
 * What a buggy kernel does at the step where it breaks — it crashed, hung, used freed memory,
 * livelocked or lost a write permission — drawn as the kernel's outcome, not an error of the app.
 * Small and free of the history catalog: it ships with the first visit's JavaScript.
 */
import type { KernelOutcome } from '../../engine';
import './OutcomeBanner.css';

/** The headline of each outcome, as a kernel log or a stuck shell would make it felt. */
export const OUTCOME_TITLE: Record<KernelOutcome['kind'], string> = {
  crash: 'KERNEL CRASH',
  hang: 'HANG',
  'use-after-free': 'USE-AFTER-FREE',
  livelock: 'LIVELOCK',
  'lost-write': 'WRITE PERMISSION LOST',
};

export function OutcomeBanner({ outcome }: { outcome: KernelOutcome }) {
  return (
    <div className="outcome" data-kind={outcome.kind} data-testid="kernel-outcome">
      <p className="outcome__kind">{OUTCOME_TITLE[outcome.kind]}</p>
      <p className="outcome__message">{outcome.message}</p>
      <p className="outcome__note">
        The simulated kernel broke here, not HMM Lab.{' '}
        <a href={`#inv=${encodeURIComponent(outcome.invariant)}`}>
          Why this rule? <code>{outcome.invariant}</code>
        </a>
      </p>
    </div>
  );
}
