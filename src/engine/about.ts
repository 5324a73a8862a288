/**
 * What a scenario document says about itself for readers (format extension): no engine code
 * depends on it, and it depends on nothing, so the app can import it without the engine.
 */
/** The topics the scenario library is browsed by. */
export const SCENARIO_TOPICS = [
  'mirroring',
  'snapshot',
  'faults',
  'migration',
  'fork-cow',
  'pinning',
  'device-memory',
  'history',
  'gmem',
] as const;
export type ScenarioTopic = (typeof SCENARIO_TOPICS)[number];

/**
 * What a reader is told about a scenario (format extension, docs/scenario-format.md): its topic,
 * what to watch for, where it comes from, and — for a kernel selftest — which one. The engine
 * never reads it.
 */
export interface ScenarioAbout {
  readonly topic: ScenarioTopic;
  readonly watch?: readonly string[];
  /** Where it comes from: `domain.md §6 S4`, a seed thread, a commit. */
  readonly source?: string;
  /** The kernel selftest it reproduces: `hmm.migrate` = TEST_F(hmm, migrate) in hmm-tests.c. */
  readonly selftest?: string;
}
