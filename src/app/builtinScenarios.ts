import type { ScenarioDoc } from '../engine';
import defaultScenario from '../scenarios/default.json';

/** A scenario shipped inside the bundle. Each is validated by the schema in a unit test. */
export interface BuiltinScenario {
  id: string;
  doc: ScenarioDoc;
}

/** The scenarios shipped inside the bundle; the first is the one the app opens with. */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  { id: 'default', doc: defaultScenario as ScenarioDoc },
];
