import defaultScenario from '../scenarios/default.json';
import type { ScenarioOutline, StepOutline } from '../views/scenarioOutline';

/** The scenarios shipped inside the bundle; the first is the one the app opens with. */
export const BUILTIN_SCENARIOS: readonly ScenarioOutline[] = [
  {
    id: 'default',
    title: defaultScenario.title,
    summary: defaultScenario.summary,
    steps: defaultScenario.steps as StepOutline[],
  },
];
