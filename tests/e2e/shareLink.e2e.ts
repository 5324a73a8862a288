import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import defaultScenario from '../../src/scenarios/default.json';
import { encodeScenario } from '../../src/url/codec';
import { launchBrowser, openPage } from './browser';

/** Shared links (`#s=1.…`) opened in the built site, where the codec is a lazily loaded chunk. */
const baseURL = inject('baseURL');
const DEFAULT = defaultScenario as ScenarioDoc;
const DEFAULT_TOTAL = buildTimeline(DEFAULT).frames.length - 1;
const SHARED: ScenarioDoc = {
  ...DEFAULT,
  // Markup in a title must come out as text; if it ever became an element, the CSP would log
  // the refused handler and the request for "x" would show up: both fail the test.
  title: 'Shared copy <img src=x onerror="window.__xss=1">',
  steps: DEFAULT.steps.slice(0, 4),
};
const SHARED_TOTAL = buildTimeline(SHARED).frames.length - 1;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('opening a scenario from a shared link', () => {
  test('a link opens its scenario; a tampered one is refused and the app stays usable', async () => {
    const { page, problems, close } = await openPage(browser);
    const link = encodeScenario(SHARED);
    await page.goto(`${baseURL}${link}`);
    const counter = page.getByTestId('step-counter');
    const picker = page.getByTestId('scenario-picker');
    await expect.poll(() => picker.inputValue()).toBe('from-link-1');
    expect(await page.getByRole('region', { name: `Stage: ${SHARED.title}` }).count()).toBe(1);
    expect(await picker.locator('option:checked').textContent()).toBe(`From link: ${SHARED.title}`);
    expect(await counter.textContent()).toBe(`0 / ${SHARED_TOTAL}`);
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe(`1 / ${SHARED_TOTAL}`);

    // Tamper with the payload: flip characters in the middle, as a bad copy-paste would.
    const mid = Math.floor(link.length / 2);
    const tampered = `${link.slice(0, mid)}${link.slice(mid + 6, mid + 12)}${link.slice(mid)}`;
    await page.evaluate((h) => (window.location.hash = h), tampered);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This link could not be opened.');
    expect(await alert.locator('li').count()).toBeGreaterThan(0);
    // The gallery is offered; behind it, the same scenario at the same micro-step.
    await page.getByTestId('gallery').waitFor();
    await page.getByRole('button', { name: /Back to the stage/ }).click();
    expect(await picker.inputValue()).toBe('from-link-1');
    expect(await counter.textContent()).toBe(`1 / ${SHARED_TOTAL}`);
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe(`2 / ${SHARED_TOTAL}`);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    // The built-in scenario is still in the list.
    await picker.selectOption('default');
    expect(await counter.textContent()).toBe(`0 / ${DEFAULT_TOTAL}`);

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => 'xss' in window || '__xss' in window)).toBe(false);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('a first visit through a broken link shows the error and the gallery; the default waits behind', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}#s=1.${'A'.repeat(40)}`);
    await page.getByRole('alert').waitFor();
    await page.getByTestId('gallery').waitFor();
    await page.getByRole('button', { name: /Back to the stage/ }).click();
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('default');
    expect(await page.getByTestId('step-counter').textContent()).toBe(`0 / ${DEFAULT_TOTAL}`);
    expect(await page.getByRole('alert').textContent()).toMatch(/damaged/);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
