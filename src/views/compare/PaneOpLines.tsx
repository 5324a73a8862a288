/** A compare pane's "now" lines: the step being run and the kernel function of its micro-step. */
import type { MicroStep } from '../../engine';
import type { StepOutline } from '../scenarioOutline';
import { stepLine } from './stepLine';

export function PaneOpLines({
  step,
  ms,
}: {
  step: StepOutline | undefined;
  ms: Pick<MicroStep, 'fn' | 'narration'> | null;
}) {
  return (
    <>
      {step ? (
        <p className="compare-pane__op">
          <code>{stepLine(step)}</code>
        </p>
      ) : null}
      {ms ? (
        <p className="compare-pane__fn">
          <code>{ms.fn}()</code> <span>{ms.narration}</span>
        </p>
      ) : null}
    </>
  );
}
