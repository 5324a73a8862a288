/**
 * The walkthrough library: every JSON file in this folder, in file-name order (w1, w2, …).
 * Adding a walkthrough is adding a file; the walkthroughs page, the tests and the stories read
 * this list. Loaded lazily by the app, with the scenario library.
 */
import type { ScenarioDoc } from '../../engine/trace';
import { LIBRARY } from '../library/index';
import { validateWalkthrough, type WalkthroughLoad } from './load';

export interface WalkthroughEntry {
  readonly id: string;
  readonly load: WalkthroughLoad;
}

const files = import.meta.glob<unknown>('./*.json', { eager: true, import: 'default' });

export const libraryScenario = (id: string): ScenarioDoc | undefined =>
  LIBRARY.find((e) => e.id === id)?.doc;

export const WALKTHROUGHS: readonly WalkthroughEntry[] = Object.entries(files)
  .map(([path, json]) => ({
    id: path.replace(/^\.\//, '').replace(/\.json$/, ''),
    load: validateWalkthrough(json, libraryScenario),
  }))
  .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

export function walkthroughById(id: string): WalkthroughEntry | undefined {
  return WALKTHROUGHS.find((w) => w.id === id);
}

export * from './schema';
export { parseMarkdown, parseInline, plainText, type Block, type Inline } from './markdown';
export {
  prepareCheckpoint,
  grade,
  type Correct,
  type Given,
  type Grade,
  type PreparedCheckpoint,
} from './checkpoint';
export { resolvePos, evalQuery, type WalkFrame } from './query';
export { selectKeys, entityKey, frameIndexOf, type Moment } from './entities';
export { validateWalkthrough, checkOnTimeline, type WalkthroughLoad } from './load';
