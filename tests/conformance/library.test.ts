// The kernel selftests of the scenario library (src/scenarios/library/selftest-*.json): one per
// TEST_F reproduced in this folder, each the device-private variant of its test, with its steps
// written once there and imported by the conformance test. Checks the library side: names,
// `about`, validity, a clean run in both variants, and the share-link budget.
import { describe, expect, test } from 'vitest';
import { encodeScenario } from '../../src/url/codec';
import { forkVariant } from './forkDocs';
import { librarySelftest, run } from './selftest';

const files = import.meta.glob<unknown>('../../src/scenarios/library/selftest-*.json', {
  eager: true,
  import: 'default',
});

/** Every TEST_F reproduced by a conformance test. */
const SELFTESTS = [
  'hmm.open_close',
  'hmm.anon_read',
  'hmm.anon_read_prot',
  'hmm.anon_write',
  'hmm.anon_write_prot',
  'hmm.anon_write_child',
  'hmm.anon_write_child_shared',
  'hmm.migrate',
  'hmm.migrate_fault',
  'hmm.migrate_release',
  'hmm.migrate_shared',
  'hmm.migrate_multiple',
  'hmm.anon_read_multiple',
  'hmm.exclusive',
  'hmm.exclusive_mprotect',
  'hmm.exclusive_cow',
  'hmm.hmm_gup_test',
  'hmm.hmm_cow_in_device',
  'hmm2.migrate_mixed',
  'hmm2.snapshot',
  'hmm2.double_map',
];

/** `hmm2.migrate_mixed` → `selftest-hmm2-migrate-mixed`. */
const fileId = (name: string) => `selftest-${name.replace(/[._]/g, '-')}`;

/** Longest share link (the `#s=1.…` fragment) a library scenario may have. */
const MAX_LINK = 2000;

describe('selftests of the scenario library', () => {
  test('one file per reproduced TEST_F', () => {
    const ids = Object.keys(files).map((p) => p.replace(/^.*\//, '').replace(/\.json$/, ''));
    expect(ids.sort()).toEqual(SELFTESTS.map(fileId).sort());
  });

  test.each(SELFTESTS)('%s', (name) => {
    const raw = files[`../../src/scenarios/library/${fileId(name)}.json`];
    const d = librarySelftest(raw, name);
    const [fixture, testName] = name.split('.');
    expect(d.title.startsWith(`Selftest ${name}: `)).toBe(true);
    expect(d.summary?.length ?? 0).toBeGreaterThan(0);
    expect(d.about?.source).toBe(
      `tools/testing/selftests/mm/hmm-tests.c TEST_F(${fixture}, ${testName})`,
    );
    expect(d.about?.watch?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(d.machine.devices.map((x) => x.name)).toEqual(
      fixture === 'hmm2' ? ['dev0', 'dev1'] : ['dev0'],
    );
    expect(encodeScenario(d).length).toBeLessThan(MAX_LINK);
    run(d);
    run(forkVariant(d, 'coherent')); // the fork tests' child keeps device 0
  });
});
