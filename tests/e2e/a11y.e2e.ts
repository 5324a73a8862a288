import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { seriousViolations } from './axe';
import { launchBrowser, openPage } from './browser';

/**
 * Accessibility of the built site: axe-core finds no serious or critical violation in the
 * states a reader sees first, every control can be reached with Tab and shows where the focus
 * is, and a reduced-motion system setting turns the app's motion off.
 */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A page on the built site. The site's CSP forbids inline scripts, and that is what
 * addScriptTag({ content }) inserts, so these contexts bypass the CSP (the CSP itself is tested
 * in shell.e2e.ts).
 */
async function openApp(options: BrowserContextOptions = {}) {
  const opened = await openPage(browser, { bypassCSP: true, ...options });
  await opened.page.goto(baseURL);
  await opened.page.getByTestId('timeline').waitFor();
  return opened;
}

describe('accessibility of the built site', () => {
  test('axe: no serious or critical violation at the start and after a few steps', async () => {
    const { page, problems, close } = await openApp();
    expect(await seriousViolations(page), 'at the start').toBe('');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('step-counter').textContent()).toMatch(/^6 \/ /);
    expect(await seriousViolations(page), 'after 6 micro-steps').toBe('');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('axe: none in the dark theme either', async () => {
    const { page, close } = await openApp({ colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.effectiveTheme)).toBe('dark');
    expect(await seriousViolations(page), 'dark, at the start').toBe('');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    expect(await seriousViolations(page), 'dark, after 6 micro-steps').toBe('');
    await close();
  });

  test('axe: none on a 390 px phone screen', async () => {
    const { page, close } = await openApp({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    expect(await seriousViolations(page), '390 px').toBe('');
    await close();
  });

  test('axe: none while the error of a broken link is shown, in either theme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openApp({ colorScheme });
      await page.evaluate(() => (window.location.hash = '#s=1.not-a-real-link'));
      await page.getByRole('alert').waitFor();
      expect(await seriousViolations(page), `link error, ${colorScheme}`).toBe('');
      await close();
    }
  });

  test('axe: none on the gallery, the editor, the Share dialog and the invariants, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openApp({ colorScheme });
      await page.getByTestId('gallery-button').click();
      await expect
        .poll(() => page.locator('[data-testid="scenario-thumb"][data-ready]').count())
        .toBeGreaterThan(5);
      expect(await seriousViolations(page), `gallery, ${colorScheme}`).toBe('');
      await page.getByTestId('editor-button').click();
      await page.getByRole('heading', { name: 'Scenario editor' }).waitFor();
      expect(await seriousViolations(page), `editor, ${colorScheme}`).toBe('');
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await page.getByTestId('share-button').click();
      await page.getByTestId('share-dialog').waitFor();
      expect(await seriousViolations(page), `share, ${colorScheme}`).toBe('');
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await page.evaluate(() => (window.location.hash = '#inv=INV-P1'));
      await page.getByTestId('invariants-page').waitFor();
      expect(await seriousViolations(page), `invariants, ${colorScheme}`).toBe('');
      await close();
    }
  });

  test('Tab reaches every control, and each shows a visible focus indicator', async () => {
    const { page, close } = await openApp();
    // Tag every control a keyboard user should reach: enabled, focusable, visible.
    const controls = await page.evaluate(() => {
      const selector =
        'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';
      const found = [...document.querySelectorAll<HTMLElement | SVGElement>(selector)].filter(
        (el) => el.checkVisibility({ visibilityProperty: true }) && el.tabIndex >= 0,
      );
      return found.map((el, i) => {
        el.dataset.a11yId = String(i);
        return el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName;
      });
    });
    expect(controls.length).toBeGreaterThan(5);

    const reached = new Map<string, string>();
    const noIndicator: string[] = [];
    for (let i = 0; i < controls.length + 20; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | SVGElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow !== 'none';
        // Stage rows are SVG groups: their focus ring is the row's background stroke, drawn
        // thicker in the focus colour (StageView.css), as SVG has no outline of its own.
        const bg = el.querySelector(':scope > .stage-row__bg');
        const ring = bg ? parseFloat(getComputedStyle(bg).strokeWidth) >= 2 : false;
        return {
          id: el.dataset.a11yId ?? null,
          name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName,
          visible: outline || shadow || ring,
        };
      });
      if (!focus) continue;
      if (focus.id !== null) {
        if (reached.has(focus.id)) break; // wrapped around
        reached.set(focus.id, focus.name);
      }
      if (!focus.visible) noIndicator.push(focus.name);
    }
    const missed = controls.filter((_, i) => !reached.has(String(i)));
    expect(missed, 'controls Tab never reaches').toEqual([]);
    expect(noIndicator, 'focused controls with no visible focus indicator').toEqual([]);
    await close();
  });

  test('with reduced motion, the app reports it and its transitions take no time', async () => {
    const { page, close } = await openApp({ reducedMotion: 'reduce' });
    const motion = await page.evaluate(() => ({
      attribute: document.documentElement.dataset.motion,
      variable: getComputedStyle(document.documentElement).getPropertyValue('--motion').trim(),
      button: getComputedStyle(document.querySelector('.icon-button')!).transitionDuration,
    }));
    expect(motion.attribute).toBe('reduce');
    expect(['0ms', '0s']).toContain(motion.variable);
    expect(motion.button.split(',').every((d) => parseFloat(d) === 0)).toBe(true);
    await close();
  });
});
