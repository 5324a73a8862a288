/**
 * The scenario library: every JSON document in this folder, plus the default scenario. Adding a
 * scenario is adding a file — the gallery, the picker, the Storybook stories and the tests all
 * read this list. Imported lazily by the app (the default scenario alone is in the first
 * visit's JavaScript).
 */
import type { ScenarioDoc } from '../../engine/trace';
import defaultScenario from '../default.json';

export interface LibraryEntry {
  /** The file's name without `.json` (`default` for the default scenario). */
  readonly id: string;
  readonly doc: ScenarioDoc;
}

const files = import.meta.glob<ScenarioDoc>('./*.json', { eager: true, import: 'default' });

const byId = (a: LibraryEntry, b: LibraryEntry) =>
  a.id.localeCompare(b.id, 'en', { numeric: true });

/** The default scenario first, then the others by file name (s1 … s18, then selftests). */
export const LIBRARY: readonly LibraryEntry[] = [
  { id: 'default', doc: defaultScenario as ScenarioDoc },
  ...Object.entries(files)
    .map(([path, doc]) => ({ id: path.replace(/^\.\//, '').replace(/\.json$/, ''), doc }))
    .sort(byId),
];

export { isSelftest, TOPIC_TITLES } from './topics';
