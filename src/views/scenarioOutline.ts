/**
 * What the shell needs to know of a scenario: its title and its steps as written. The views
 * take this shape rather than the engine's types so they can show any document, even one the
 * engine cannot run.
 */
export interface StepOutline {
  op: string;
  [field: string]: unknown;
}

export interface ScenarioOutline {
  id: string;
  title: string;
  summary?: string;
  steps: readonly StepOutline[];
}

const pageRange = (page: number, count: number) =>
  count === 1 ? `page ${page}` : `pages ${page}–${page + count - 1}`;

/**
 * One line for a step as a reader would say it: `dev.migrate · m0 · pages 0–3`. Values are
 * plain text and are rendered as text, never as markup.
 */
export function formatStep(step: StepOutline): string {
  if (step.op === 'race' && Array.isArray(step.threads)) {
    // "race · T1 cpu.read · A · page 0 ∥ T2 munmap · A · page 0"
    const threads = (step.threads as StepOutline[]).map((t, i) => `T${i + 1} ${formatStep(t)}`);
    return `race · ${threads.join(' ∥ ')}`;
  }
  const parts: string[] = [step.op];
  const { op: _op, page, count, ...rest } = step;
  for (const key of ['proc', 'mirror', 'device', 'child', 'pin'] as const) {
    const v = rest[key];
    if (typeof v === 'string') parts.push(key === 'child' ? `child ${v}` : v);
    delete rest[key];
  }
  if (typeof page === 'number') parts.push(pageRange(page, typeof count === 'number' ? count : 1));
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    parts.push(`${key} ${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
  }
  return parts.join(' · ');
}
