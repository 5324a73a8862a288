import type { Browser } from 'playwright-core';
import LZString from 'lz-string';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import { LIBRARY } from '../../src/scenarios/library/index';
import { encodeLink } from '../../src/url/codec';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * Scenarios as a teacher uses them in the built site: the gallery, a shared link opened in a
 * fresh browser (same scenario, same micro-step, same view), embedding in an iframe, and links
 * that cannot be opened.
 */
const baseURL = inject('baseURL');
const S4 = LIBRARY.find((e) => e.id.startsWith('s4-'))!;
const S4_TOTAL = buildTimeline(S4.doc).frames.length - 1;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the gallery', () => {
  test('lists every built-in scenario by topic, with previews; a card opens its scenario', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('gallery-button').click();
    const gallery = page.getByTestId('gallery');
    await expect.poll(() => gallery.getByTestId('gallery-card').count()).toBe(LIBRARY.length);
    const topics = await gallery.locator('section h3').allTextContents();
    expect(topics.length).toBeGreaterThanOrEqual(5);
    // Kernel selftests are marked as such.
    const selftests = LIBRARY.filter((e) => e.doc.about?.selftest).length;
    expect(await gallery.getByText('Kernel selftest', { exact: true }).count()).toBe(selftests);
    // Previews are worked out after the gallery shows.
    // (Each preview is a whole run through the op machines, a few per frame: on a loaded
    // two-core CI machine the last ones can take several seconds.)
    await expect
      .poll(() => gallery.locator('[data-testid="scenario-thumb"][data-ready]').count(), {
        timeout: 20_000,
      })
      .toBe(LIBRARY.length);
    await screenshot(page, 'gallery');
    // Searching narrows the list.
    await gallery.getByRole('searchbox').fill('fork');
    await expect
      .poll(() => gallery.getByTestId('gallery-card').count())
      .toBeLessThan(LIBRARY.length);
    await gallery.getByRole('searchbox').fill('');
    await gallery.getByRole('button', { name: S4.doc.title }).click();
    await expect.poll(() => page.getByTestId('narration-text').textContent()).toBe(S4.doc.title);
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe(S4.id);
    expect(await page.getByTestId('step-counter').textContent()).toBe(`0 / ${S4_TOTAL}`);
    // Back returns to the gallery.
    await page.goBack();
    await gallery.waitFor();
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});

describe('shared links', () => {
  test('a link copied at a step opens in a fresh browser on the same step and view', async () => {
    const first = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = first;
    await page.goto(baseURL);
    const picker = page.getByTestId('scenario-picker');
    await page.locator(`option[value="${S4.id}"]`).waitFor({ state: 'attached' });
    await picker.selectOption(S4.id);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoom = await page.getByTestId('stage-zoom').textContent();
    expect(zoom).toMatch(/^\d+%$/);
    await page.getByRole('img', { name: /^Process A, page 2:/ }).click();
    await page.getByTestId('share-button').click();
    const dialog = page.getByTestId('share-dialog');
    await expect.poll(() => dialog.getByTestId('share-link').inputValue()).toContain('#s=1.');
    const link = await dialog.getByTestId('share-link').inputValue();
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => dialog.getByTestId('share-status').textContent()).toBe('Link copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const embed = await dialog.getByTestId('share-embed').inputValue();
    expect(embed).toMatch(/^<iframe src="[^"]+\?embed#s=1\.[^"]+" title="HMM Lab: /);
    expect(first.problems).toEqual({ errors: [], foreignRequests: [] });
    await first.close();

    // A fresh browser context: no storage, nothing shared with the first.
    const second = await openPage(browser);
    await second.page.goto(link);
    const counter = second.page.getByTestId('step-counter');
    await expect.poll(() => counter.textContent()).toBe(`7 / ${S4_TOTAL}`);
    expect(await second.page.getByTestId('narration-text').textContent()).not.toBe('');
    expect(await second.page.getByTestId('stage-zoom').textContent()).toBe(zoom);
    await expect
      .poll(() => second.page.getByTestId('details-card').textContent())
      .toContain('page 2');
    await screenshot(second.page, 'shared-link-at-step');
    expect(second.problems).toEqual({ errors: [], foreignRequests: [] });
    await second.close();
  });

  test('the address bar follows the step: a reload lands where the reader was', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.locator(`option[value="${S4.id}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('scenario-picker').selectOption(S4.id);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#s=1\./);
    const history = await page.evaluate(() => window.history.length);
    await page.reload();
    await expect.poll(() => page.getByTestId('step-counter').textContent()).toBe(`5 / ${S4_TOTAL}`);
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe(S4.id);
    // Replaced in place: stepping adds no history entries.
    expect(await page.evaluate(() => window.history.length)).toBe(history);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('a broken, newer or oversized link says why and offers the gallery', async () => {
    const good = encodeLink({ scenario: S4.doc, at: 3 });
    const newer = `#s=1.${LZString.compressToEncodedURIComponent(JSON.stringify({ v: 2, s: S4.doc }))}`;
    const cases: [string, RegExp][] = [
      [good.slice(0, Math.floor(good.length / 2)), /damaged|decompress|not hold/i],
      [newer, /newer version/i],
      [`#s=1.${'A'.repeat(40_000)}`, /too long/i],
    ];
    for (const [hash, why] of cases) {
      const { page, problems, close } = await openPage(browser);
      const started = Date.now();
      await page.goto(`${baseURL}${hash}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await alert.textContent()).toMatch(why);
      await page.getByTestId('gallery').waitFor();
      // Nothing was lost: the default scenario is on stage behind the gallery.
      await page.getByRole('button', { name: /Back to the stage/ }).click();
      expect(await page.getByTestId('step-counter').textContent()).toMatch(/^0 \/ \d+$/);
      expect(problems).toEqual({ errors: [], foreignRequests: [] });
      await close();
    }
  });
});

describe('embedding', () => {
  test('?embed in an iframe shows stage, narration and timeline, and a way to the full app', async () => {
    const { page, problems, close } = await openPage(browser);
    const src = `${baseURL}?embed${encodeLink({ scenario: S4.doc, at: 5 })}`;
    await page.goto(baseURL);
    await page.setContent(
      // No inline style: the page keeps the app's CSP. The icon stops a /favicon.ico request.
      `<link rel="icon" href="data:,"><h1>Course page</h1><iframe src="${src}" title="HMM Lab" width="900" height="600"></iframe>`,
    );
    const frame = page.frameLocator('iframe');
    await expect
      .poll(() => frame.getByTestId('step-counter').textContent())
      .toBe(`5 / ${S4_TOTAL}`);
    expect(await frame.getByTestId('stage').isVisible()).toBe(true);
    expect(await frame.getByTestId('narration').isVisible()).toBe(true);
    expect(await frame.getByTestId('scenario-picker').count()).toBe(0);
    expect(await frame.getByTestId('gallery-button').count()).toBe(0);
    const open = frame.getByRole('link', { name: /Open in HMM Lab/ });
    const href = (await open.getAttribute('href'))!;
    expect(href).not.toContain('embed');
    expect(href).toContain('#s=1.');
    expect(await open.getAttribute('target')).toBe('_blank');
    // The embedded player steps like the app.
    await frame.getByRole('button', { name: 'Step forward' }).click();
    await expect
      .poll(() => frame.getByTestId('step-counter').textContent())
      .toBe(`6 / ${S4_TOTAL}`);
    await screenshot(page, 'embedded');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
