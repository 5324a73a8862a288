import type { ScenarioDoc } from '../engine';
import defaultScenario from '../scenarios/default.json';
import s10 from '../scenarios/library/s10-fork-device-private.json';
import s4 from '../scenarios/library/s4-migrate-to-device-private.json';
import s5 from '../scenarios/library/s5-cpu-touches-device-page.json';

/** A scenario shipped inside the bundle. Each is validated by the schema in a unit test. */
export interface BuiltinScenario {
  id: string;
  doc: ScenarioDoc;
}

/** The scenarios shipped inside the bundle; the first is the one the app opens with. */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  { id: 'default', doc: defaultScenario as ScenarioDoc },
  // domain.md §6 teaching scenarios.
  { id: 's4', doc: s4 as ScenarioDoc },
  { id: 's5', doc: s5 as ScenarioDoc },
  { id: 's10', doc: s10 as ScenarioDoc },
];
