import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import defaultScenario from '../../src/scenarios/default.json';
import { launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
/** Frames of the default scenario's timeline, as the app records them. */
const STEPS = buildTimeline(defaultScenario as ScenarioDoc).frames.length - 1;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built site, served from a sub-path', () => {
  test('renders the shell on the default scenario with no error and no request to another host', async () => {
    const { page, problems, close } = await openPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(baseURL);
    await expect.poll(() => page.getByRole('heading', { name: 'HMM Lab' }).count()).toBe(1);
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('default');
    expect(await page.getByTestId('stage-svg').isVisible()).toBe(true);
    expect(await page.getByTestId('step-counter').textContent()).toBe(`0 / ${STEPS}`);
    expect(await page.getByRole('toolbar', { name: 'Timeline' }).isVisible()).toBe(true);
    // Every asset came from under the sub-path: relative URLs, no absolute "/assets/...".
    expect(requests.length).toBeGreaterThan(2);
    for (const url of requests) expect(url.startsWith(baseURL)).toBe(true);
    await screenshot(page, 'shell-light');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('the Content-Security-Policy forbids eval and inline script, and nothing violates it', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('timeline').waitFor();
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // Code run by page.evaluate itself is exempt from CSP, so each probe is one that the page
    // compiles later on its own: a string timer (eval), an inline <script>, an inline handler.
    const result = await page.evaluate(() => {
      const w = window as unknown as Record<string, boolean | undefined>;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(e.violatedDirective),
      );
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handlerRan = true');
      img.src = 'data:,not-an-image';
      document.body.appendChild(img);
      return new Promise<{ ran: string[]; violations: string[] }>((ok) =>
        setTimeout(() => {
          const ran = ['__evalRan', '__inlineRan', '__handlerRan'].filter((k) => w[k]);
          ok({ ran, violations: [...new Set(violations)].sort() });
        }, 200),
      );
    });
    expect(result.ran).toEqual([]);
    // The violations are exactly the ones this test provoked, nothing from the app itself.
    expect(result.violations).toEqual(['script-src', 'script-src-attr', 'script-src-elem']);
    // Chromium reports the refused eval/inline script as console errors; those are ours.
    expect(problems.errors.every((e) => /Content Security Policy/.test(e))).toBe(true);
    await close();
  });

  test('the keyboard drives the player machine', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    const counter = page.getByTestId('step-counter');
    const timeline = page.getByTestId('timeline');
    await counter.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await counter.textContent()).toBe(`2 / ${STEPS}`);
    await page.keyboard.press('ArrowLeft');
    expect(await counter.textContent()).toBe(`1 / ${STEPS}`);
    await page.keyboard.press('End');
    expect(await counter.textContent()).toBe(`${STEPS} / ${STEPS}`);
    await page.keyboard.press('Home');
    expect(await counter.textContent()).toBe(`0 / ${STEPS}`);
    await page.keyboard.press('+');
    expect(await page.getByTestId('speed').textContent()).toContain('1.5×');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(await page.getByTestId('speed').textContent()).toContain('0.5×');
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    await page.keyboard.press('Space');
    expect(await timeline.getAttribute('data-state')).toBe('playing');
    // At 4× a frame lasts 300 ms: playback moves on by itself.
    await expect.poll(() => counter.textContent(), { timeout: 5000 }).not.toBe(`0 / ${STEPS}`);
    await page.keyboard.press('Space');
    expect(await timeline.getAttribute('data-state')).toBe('paused');
    await page.keyboard.press('?');
    // The dialog's code loads on first use.
    await expect.poll(() => page.getByTestId('shortcuts-dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts-dialog').isVisible()).toBe(false);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('follows a dark system theme, and the toggle overrides it across reloads', async () => {
    const { page, problems, close } = await openPage(browser, { colorScheme: 'dark' });
    await page.goto(baseURL);
    await page.getByTestId('timeline').waitFor();
    const theme = () => page.evaluate(() => document.documentElement.dataset.effectiveTheme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await theme()).toBe('dark');
    expect(await background()).toBe('rgb(15, 20, 26)');
    await screenshot(page, 'shell-dark');
    await page.getByTestId('theme-toggle').click(); // system (dark) → light
    expect(await theme()).toBe('light');
    expect(await background()).toBe('rgb(246, 247, 249)');
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    expect(await theme()).toBe('light');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('honours prefers-reduced-motion', async () => {
    const { page, close } = await openPage(browser, { reducedMotion: 'reduce' });
    await page.goto(baseURL);
    await page.getByTestId('timeline').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.motion)).toBe('reduce');
    const motion = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--motion').trim(),
    );
    expect(['0ms', '0s']).toContain(motion);
    await close();
  });

  test('fits a 390 px phone screen without sideways scrolling', async () => {
    const { page, problems, close } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(baseURL);
    await page.getByTestId('timeline').waitFor();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    for (const name of ['Play', 'Step forward', 'Step back']) {
      expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
    }
    await screenshot(page, 'shell-390');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
