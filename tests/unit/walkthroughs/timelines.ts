/** Each library walkthrough with its scenario's recorded timeline (built once per test file). */
import { buildTimeline } from '../../../src/app/buildTimeline';
import { WALKTHROUGHS, type WalkthroughDoc } from '../../../src/scenarios/walkthroughs';
import type { Timeline } from '../../../src/views/timeline';

export interface LoadedWalkthrough {
  id: string;
  doc: WalkthroughDoc;
  timeline: Timeline;
}

export const LOADED: readonly LoadedWalkthrough[] = WALKTHROUGHS.map((w) => {
  if (!w.load.ok) throw new Error(`${w.id}: ${JSON.stringify(w.load.errors)}`);
  return { id: w.id, doc: w.load.doc, timeline: buildTimeline(w.load.scenario) };
});

export const loaded = (id: string): LoadedWalkthrough => {
  const w = LOADED.find((x) => x.id === id);
  if (!w) throw new Error(`no walkthrough ${id}`);
  return w;
};
