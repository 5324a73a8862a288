/**
 * One line for a step, as formatStep writes it — and for a `race`, each thread's op by name
 * (T1, T2…) instead of the objects formatStep would print as `[object Object]`.
 */
import { formatStep, type StepOutline } from '../scenarioOutline';

export function stepLine(step: StepOutline): string {
  if (step.op !== 'race' || !Array.isArray(step.threads)) return formatStep(step);
  const threads = (step.threads as StepOutline[]).map((t, i) => `T${i + 1} ${formatStep(t)}`);
  return `race · ${threads.join(' ‖ ')}`;
}
