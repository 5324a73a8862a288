import type { ScenarioDoc } from '../engine';
import defaultScenario from '../scenarios/default.json';

/** A scenario the app can put on stage: an id and its document. */
export interface BuiltinScenario {
  id: string;
  doc: ScenarioDoc;
}

/**
 * What the first visit's JavaScript holds: the default scenario alone. The rest of the library
 * (src/scenarios/library) loads after the first render.
 */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  { id: 'default', doc: defaultScenario as ScenarioDoc },
];
