/** How the library is grouped, without the library itself (this is in the first visit's JS). */
import { SCENARIO_TOPICS, type ScenarioTopic } from '../../engine/about';
import type { ScenarioDoc } from '../../engine/trace';

export { SCENARIO_TOPICS };

/** Topic names as the gallery and the picker show them, in SCENARIO_TOPICS order. */
export const TOPIC_TITLES: Record<ScenarioTopic, string> = {
  mirroring: 'Mirroring',
  snapshot: 'Snapshot',
  faults: 'Faults',
  migration: 'Migration',
  'fork-cow': 'Fork and copy-on-write',
  pinning: 'Pinning',
  'device-memory': 'Device memory',
  history: 'History: kernel eras and bugs',
  gmem: 'GMEM: the generalized memory management RFC',
};

/** Kernel selftests (hmm-tests.c) carry `about.selftest`. */
export const isSelftest = (e: { doc: ScenarioDoc }) => e.doc.about?.selftest !== undefined;
