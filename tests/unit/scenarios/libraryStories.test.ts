/**
 * The library's Storybook stories are generated (scripts/gen-library-stories.mjs): a scenario
 * added to src/scenarios/library/ without regenerating them fails here, with the command to run.
 */
import { describe, expect, it } from 'vitest';
import {
  checkLibraryStories,
  exportName,
  generateLibraryStories,
  readLibrary,
  TOPIC_TITLES,
} from '../../../scripts/gen-library-stories.mjs';
import { LIBRARY, TOPIC_TITLES as LIBRARY_TOPIC_TITLES } from '../../../src/scenarios/library';

describe('library stories (npm run gen:stories)', () => {
  it('the committed stories are what the library generates', async () => {
    const problems = await checkLibraryStories();
    expect(
      problems,
      `The library stories are out of date — run \`npm run gen:stories\`:\n  ${problems.join('\n  ')}`,
    ).toEqual([]);
  });

  it('generation is deterministic', async () => {
    expect(await generateLibraryStories()).toEqual(await generateLibraryStories());
  });

  it('the generator reads the same library, in the same order, as LIBRARY', () => {
    expect(readLibrary().map((e) => e.id)).toEqual(LIBRARY.map((e) => e.id));
    expect(readLibrary().map((e) => e.title)).toEqual(LIBRARY.map((e) => e.doc.title));
  });

  it('groups stories by the gallery’s topic names', () => {
    expect(TOPIC_TITLES).toEqual(LIBRARY_TOPIC_TITLES);
  });

  it('names story exports after scenario ids', () => {
    expect(exportName('s4-migrate-to-device-private')).toBe('S4MigrateToDevicePrivate');
    expect(exportName('selftest-hmm-migrate')).toBe('SelftestHmmMigrate');
    expect(exportName('selftest-hmm2-double-map')).toBe('SelftestHmm2DoubleMap');
    expect(exportName('default')).toBe('Default');
    expect(exportName('4k')).toBe('Scenario4k');
  });

  it('every scenario has exactly one story, named by its title', async () => {
    const text = Object.values(await generateLibraryStories()).join('\n');
    for (const e of LIBRARY) {
      expect(text.match(new RegExp(`args: \\{ id: '${e.id}' \\}`, 'g'))?.length, e.id).toBe(1);
      expect(text).toContain(`export const ${exportName(e.id)}: Story`);
    }
  });
});
