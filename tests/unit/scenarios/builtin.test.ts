import { describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import { BUILTIN_SCENARIOS } from '../../../src/app/builtinScenarios';
import { runScenario } from '../../../src/engine';
import { validateScenario } from '../../../src/scenarios/load';

describe('the scenarios shipped in the app', () => {
  test('ids are unique and the default opens first', () => {
    const ids = BUILTIN_SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('default');
  });

  test.each(BUILTIN_SCENARIOS.map((s) => [s.id, s] as const))(
    '%s validates, runs, and breaks no invariant',
    (_id, s) => {
      const v = validateScenario(s.doc);
      expect(v.ok ? [] : v.errors).toEqual([]);
      const trace = runScenario(s.doc);
      expect(trace.violations).toEqual([]);
      // The app plays the same run: one frame per micro-step, after the initial state.
      expect(buildTimeline(s.doc).frames).toHaveLength(trace.microsteps + 1);
    },
  );
});
