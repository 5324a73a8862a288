import { describe, expect, test } from 'vitest';
import { captionChars, visibilityKeys } from '../../../src/views/export/animate';
import {
  frameCaption,
  frameRange,
  frameTitle,
  MAX_FRAMES,
  pngSize,
  wrapText,
} from '../../../src/views/export/caption';
import { exportName, sequenceName, slugify } from '../../../src/views/export/fileNames';
import { cleanAttributes } from '../../../src/views/export/inlineStyles';

const micro = (fn: string, narration = 'It collects the pages.') =>
  ({ fn, narration }) as unknown as NonNullable<Parameters<typeof frameCaption>[0]['microstep']>;

describe('file names', () => {
  test('slugs are lower-case ASCII words', () => {
    expect(slugify('S5: CPU touches a device page — fault & migrate_to_ram')).toBe(
      's5-cpu-touches-a-device-page-fault-migrate-to-ram',
    );
    expect(slugify('Déjà vu')).toBe('deja-vu');
    expect(slugify('***')).toBe('scenario');
    expect(slugify('x'.repeat(100))).toHaveLength(60);
  });
  test('export and sequence names', () => {
    expect(exportName('Migrate a page', 'frame-7', 'svg')).toBe(
      'hmm-lab-migrate-a-page-frame-7.svg',
    );
    expect(sequenceName(7, 40, 'png')).toBe('frame-007.png');
    expect(sequenceName(12, 1200, 'png')).toBe('frame-0012.png');
  });
});

describe('captions and titles', () => {
  test('positions are 1-based and name the kernel function', () => {
    const f = { step: 2, micro: 0, microstep: micro('migrate_vma_collect') };
    expect(frameTitle('Migrate', f)).toBe('Migrate — step 3, micro-step 1: migrate_vma_collect');
    expect(frameTitle('Migrate', { step: -1, micro: 0, microstep: null })).toBe(
      'Migrate — initial state',
    );
    expect(frameCaption(f, 80)).toEqual([
      'Step 3, micro-step 1: migrate_vma_collect',
      'It collects the pages.',
    ]);
  });
  test('wrapping keeps words whole and shortens past the last line', () => {
    expect(wrapText('aa bb cc dd', 5, 3)).toEqual(['aa bb', 'cc dd']);
    const w = wrapText('one two three four five six', 9, 2);
    expect(w).toHaveLength(2);
    expect(w[1]!.endsWith('…')).toBe(true);
    expect(captionChars(100)).toBe(30);
  });
});

describe('frame ranges', () => {
  const frames = [-1, 0, 0, 0, 1, 1, 2].map((step) => ({ step }));
  test('a step is its micro-steps, the scenario is everything', () => {
    expect(frameRange(frames, 2, 'step')).toEqual({ from: 1, to: 4, dropped: 0 });
    expect(frameRange(frames, 5, 'step')).toEqual({ from: 4, to: 6, dropped: 0 });
    expect(frameRange(frames, 5, 'all')).toEqual({ from: 0, to: 7, dropped: 0 });
  });
  test(`at most ${MAX_FRAMES} frames`, () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ step: i }));
    expect(frameRange(many, 9, 'all')).toEqual({ from: 0, to: MAX_FRAMES, dropped: 50 });
  });
});

describe('SMIL keys', () => {
  test('each frame is visible during its share of the loop only', () => {
    expect(visibilityKeys(0, 4)).toEqual({ values: 'visible;hidden', keyTimes: '0;0.25' });
    expect(visibilityKeys(2, 4)).toEqual({
      values: 'hidden;visible;hidden',
      keyTimes: '0;0.5;0.75',
    });
    expect(visibilityKeys(3, 4).keyTimes).toBe('0;0.75;1');
  });
});

describe('png size', () => {
  test('scale 2, shrunk under the canvas limits', () => {
    expect(pngSize(800, 600, 2)).toMatchObject({ width: 1600, height: 1200 });
    const tall = pngSize(1000, 12000, 2);
    expect(tall.height).toBeLessThanOrEqual(16384);
    expect(tall.width * tall.height).toBeLessThanOrEqual(64e6);
  });
});

describe('cleanAttributes', () => {
  test('drops what only the live page needs and renames ids with their references', () => {
    const attrs = new Map<string, string>([
      ['data-inspect', 'pte:A:0'],
      ['tabindex', '0'],
      ['aria-label', 'x'],
      ['role', 'img'],
      ['onclick', 'alert(1)'],
      ['class', 'stage-row'],
      ['id', 'stage-arrow'],
      ['marker-end', 'url(#stage-arrow)'],
      ['d', 'M0 0'],
    ]);
    const el = {
      get attributes() {
        return [...attrs].map(([name, value]) => ({ name, value }));
      },
      removeAttribute: (n: string) => attrs.delete(n),
      setAttribute: (n: string, v: string) => attrs.set(n, v),
    } as unknown as Element;
    cleanAttributes(el, 'f3-');
    expect(Object.fromEntries(attrs)).toEqual({
      id: 'f3-stage-arrow',
      'marker-end': 'url(#f3-stage-arrow)',
      d: 'M0 0',
    });
  });
});
