import { describe, expect, test } from 'vitest';
import { LIBRARY } from '../../../src/scenarios/library/index';
import { STEP_SCHEMAS } from '../../../src/scenarios/schema';
import { decodeLink, encodeLink } from '../../../src/url/codec';
import { STEP_FIELDS_V1 } from '../../../src/url/compact';
import { sameScenario } from '../../../src/app/sameScenario';

describe('link lengths', () => {
  test('the default scenario’s link is at most 600 characters', () => {
    const link = encodeLink({ scenario: LIBRARY[0]!.doc });
    expect(LIBRARY[0]!.id).toBe('default');
    expect(link.length).toBeLessThanOrEqual(600);
  });

  test.each(LIBRARY.map((e) => [e.id, e] as const))(
    '%s: at most 2,000 characters, and it opens as the same scenario',
    (_id, e) => {
      const link = encodeLink({ scenario: e.doc, at: 3, view: { zoom: 1.5 } });
      expect(link.length).toBeLessThanOrEqual(2000);
      const back = decodeLink(link);
      expect(back.ok).toBe(true);
      if (back.ok) expect(sameScenario(back.payload.scenario, e.doc)).toBe(true);
    },
  );
});

describe('the packed step form', () => {
  test('names every field of every op (fields are appended there, never inserted)', () => {
    for (const [op, schema] of Object.entries(STEP_SCHEMAS)) {
      const fields = Object.keys(schema.shape).filter((k) => k !== 'op');
      expect(new Set(STEP_FIELDS_V1[op]), op).toEqual(new Set(fields));
    }
    expect(Object.keys(STEP_FIELDS_V1).sort()).toEqual(Object.keys(STEP_SCHEMAS).sort());
  });
});
