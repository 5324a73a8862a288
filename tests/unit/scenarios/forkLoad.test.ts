/** Validation of `fork` steps: its fields, and the child as a process name from then on. */
import { describe, expect, test } from 'vitest';
import { formatError, validateScenario } from '../../../src/scenarios/load';

const doc = (steps: Record<string, unknown>[]) => ({
  format: 'hmm-lab/scenario@1',
  title: 't',
  machine: { systemPages: 8, devices: [] },
  steps: [{ op: 'spawn', proc: 'A' }, ...steps],
});

function errors(d: unknown): string[] {
  const r = validateScenario(d);
  return r.ok ? [] : r.errors.map(formatError);
}

describe('fork steps', () => {
  test('a fork validates, and its child can be used afterwards', () => {
    const r = validateScenario(
      doc([
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'cpu.read', proc: 'B', page: 0, count: 1 },
        { op: 'exit', proc: 'B' },
      ]),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.doc.steps[1]).toEqual({ op: 'fork', proc: 'A', child: 'B' });
  });

  test('the child must be named, the parent spawned, and nothing else is allowed', () => {
    expect(errors(doc([{ op: 'fork', proc: 'A' }]))).toEqual([
      'steps[1].child: missing (expected a name (a string))',
    ]);
    expect(errors(doc([{ op: 'fork', proc: 'Z', child: 'B' }]))).toEqual([
      'steps[1].proc: unknown process "Z" (no earlier spawn)',
    ]);
    expect(errors(doc([{ op: 'fork', proc: 'A', child: '9' }]))[0]).toMatch(
      /^steps\[1\]\.child: expected a name/,
    );
    expect(errors(doc([{ op: 'fork', proc: 'A', child: 'B', pid: 3 }]))).toEqual([
      'steps[1]: unknown field "pid"',
    ]);
    expect(errors(doc([{ op: 'cpu.read', proc: 'B', page: 0, count: 1 }]))).toEqual([
      'steps[1].proc: unknown process "B" (no earlier spawn)',
    ]);
  });
});
