/**
 * Walkthrough links (`#w=1.<lz>.<check>`) and the `#learn…` routes. A link comes from anyone:
 * decoding it never throws, every failure is one plain sentence, and what it carries is
 * validated before anything runs.
 */
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { libraryScenario } from '../../../src/scenarios/walkthroughs';
import { learnRouteOf, walkthroughHref } from '../../../src/scenarios/walkthroughs/route';
import { linkCheck, MAX_FRAGMENT_LENGTH } from '../../../src/url/codec';
import {
  decodeWalkthroughLink,
  encodeWalkthroughLink,
  WALKTHROUGH_LINK_PREFIX,
} from '../../../src/url/walkthroughLink';
import { loaded } from './timelines';

const w2 = loaded('w2-migration');
const scenario = libraryScenario('s5-cpu-touches-device-page')!;
const link = encodeWalkthroughLink(w2.doc, scenario);
const DAMAGED = /damaged or incomplete/;
/** A well-formed link around any text, with the right check. */
const linkOf = (text: string) => {
  const body = LZString.compressToEncodedURIComponent(text);
  return `${WALKTHROUGH_LINK_PREFIX}${body}.${linkCheck(body)}`;
};
/** Decodes, and fails the test if it throws. */
const decode = (fragment: string) => {
  let r: ReturnType<typeof decodeWalkthroughLink> | undefined;
  expect(() => (r = decodeWalkthroughLink(fragment))).not.toThrow();
  return r!;
};

describe('encode / decode', () => {
  it('round trip: the walkthrough comes back with its scenario inside', () => {
    expect(link.startsWith('#w=1.')).toBe(true);
    expect(link.length).toBeLessThan(MAX_FRAGMENT_LENGTH);
    const r = decode(link);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario).toEqual(scenario);
    expect(r.doc).toEqual({ ...w2.doc, scenario });
    expect(r.doc.chapters.map((c) => c.title)).toEqual(w2.doc.chapters.map((c) => c.title));
  });

  it('works without the leading #', () => {
    expect(decode(link.slice(1)).ok).toBe(true);
  });

  it('the link is its own: the library is not consulted (a scenario id alone is refused)', () => {
    const r = decode(linkOf(JSON.stringify(w2.doc)));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        { path: 'scenario', message: 'there is no library scenario "s5-cpu-touches-device-page"' },
      ]);
    }
  });
});

describe('broken links: a clear message, never a throw', () => {
  it('a truncated link', () => {
    for (const cut of [1, 10, link.length / 2, link.length - 10]) {
      const r = decode(link.slice(0, link.length - Math.floor(cut)));
      expect(r).toEqual({ ok: false, message: expect.stringMatching(DAMAGED) });
    }
  });

  it('a changed character in the payload or in the check', () => {
    const i = Math.floor(link.length / 2);
    const swap = (s: string, k: number) =>
      s.slice(0, k) + (s[k] === 'A' ? 'B' : 'A') + s.slice(k + 1);
    expect(decode(swap(link, i))).toEqual({ ok: false, message: expect.stringMatching(DAMAGED) });
    expect(decode(swap(link, link.length - 1))).toMatchObject({
      ok: false,
      message: expect.stringMatching(DAMAGED),
    });
  });

  it('a payload with a right check that is not lz, or not JSON', () => {
    const junk = '!!!not-lz!!!';
    expect(decode(`${WALKTHROUGH_LINK_PREFIX}${junk}.${linkCheck(junk)}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(DAMAGED),
    });
    expect(decode(linkOf('{"format": '))).toMatchObject({
      ok: false,
      message: expect.stringMatching(DAMAGED),
    });
  });

  it('valid lz of an invalid walkthrough: the problems are listed', () => {
    const bad = { ...w2.doc, scenario, id: 'Not An Id', chapters: [] };
    const r = decode(linkOf(JSON.stringify(bad)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('The walkthrough in this link is not valid (2 problems).');
    expect(r.errors?.map((e) => e.path).sort()).toEqual(['chapters', 'id']);
    const one = decode(linkOf(JSON.stringify({ ...w2.doc, scenario, minutes: 0 })));
    expect(one).toMatchObject({
      ok: false,
      message: 'The walkthrough in this link is not valid (1 problem).',
    });
  });

  it('a too-long link is refused before any decompression', () => {
    const long = `${WALKTHROUGH_LINK_PREFIX}${'A'.repeat(MAX_FRAGMENT_LENGTH)}.0000000`;
    expect(decode(long)).toEqual({
      ok: false,
      message: `This walkthrough link is too long to open (${long.length} characters).`,
    });
  });

  it('a link of a newer version, and something else altogether', () => {
    expect(decode('#w=2.abc.def')).toEqual({
      ok: false,
      message:
        'This walkthrough link was made by a newer version of HMM Lab; reload the page and try again.',
    });
    expect(decode('#s=1.abc.def')).toEqual({
      ok: false,
      message: 'This is not an HMM Lab walkthrough link.',
    });
    expect(decode('')).toMatchObject({ ok: false });
    expect(decode('#w=1.')).toMatchObject({ ok: false, message: expect.stringMatching(DAMAGED) });
  });
});

describe('learnRouteOf', () => {
  it.each([
    ['#learn', { kind: 'list' }],
    ['#learn/', { kind: 'list' }],
    ['#learn/w2-migration', { kind: 'library', id: 'w2-migration', mode: 'learn' }],
    ['#learn/w2-migration/present', { kind: 'library', id: 'w2-migration', mode: 'present' }],
    ['#learn/w2-migration/handout', { kind: 'library', id: 'w2-migration', mode: 'handout' }],
    // An unknown mode is the student's page, not an error.
    ['#learn/w2-migration/slides', { kind: 'library', id: 'w2-migration', mode: 'learn' }],
    ['#learn/w%32-migration', { kind: 'library', id: 'w2-migration', mode: 'learn' }],
    // A malformed percent-encoding (decodeURIComponent throws): the list, no throw.
    ['#learn/%E0%A4%A', { kind: 'list' }],
    ['#learn/%', { kind: 'list' }],
    ['#w=1.abc.def', { kind: 'shared', fragment: '#w=1.abc.def' }],
    ['#w=2.abc', { kind: 'shared', fragment: '#w=2.abc' }],
  ] as const)('%s', (hash, route) => {
    expect(learnRouteOf(hash)).toEqual(route);
  });

  it.each(['', '#', '#learning', '#learnx/w2', '#s=1.abc.def', '#gallery', '#compare'])(
    '%s is not a learn route',
    (hash) => {
      expect(learnRouteOf(hash)).toBeNull();
    },
  );

  it('walkthroughHref round-trips through learnRouteOf, odd ids included', () => {
    for (const mode of ['learn', 'present', 'handout'] as const)
      for (const id of ['w2-migration', 'w 9/odd?#id%'])
        expect(learnRouteOf(walkthroughHref(id, mode))).toEqual({ kind: 'library', id, mode });
    expect(walkthroughHref('w2-migration')).toBe('#learn/w2-migration');
    expect(walkthroughHref('w2-migration', 'present')).toBe('#learn/w2-migration/present');
  });
});
