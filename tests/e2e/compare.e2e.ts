import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { compareRuns, defaultChoices } from '../../src/app/compare/runs';
import type { ScenarioDoc } from '../../src/engine';
import RELEASE_HANG from '../../src/scenarios/library/s9-release-hang.json';
import { encodeScenario } from '../../src/url/codec';
import { seriousViolations } from './axe';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The compare page on the built site: a scenario whose machine runs a buggy kernel (S9, device
 * removal without eviction) opened from a link, compared with the fixed kernel.
 */
const baseURL = inject('baseURL');
const DOC = RELEASE_HANG as ScenarioDoc;
const { left, right } = defaultChoices(DOC);
const EXPECTED = compareRuns(DOC, left, right);
const ROW = EXPECTED.divergence!.row;
const TOTAL = EXPECTED.rows.length - 1;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The scenario from its link, then Compare in the header. (axe needs the CSP bypassed.) */
async function openCompare(options: BrowserContextOptions = {}) {
  const opened = await openPage(browser, { bypassCSP: true, ...options });
  await opened.page.goto(`${baseURL}${encodeScenario(DOC)}`);
  await opened.page.getByRole('region', { name: `Stage: ${DOC.title}` }).waitFor();
  await opened.page.getByTestId('compare-button').click();
  await opened.page.getByTestId('compare-page').waitFor();
  return opened;
}

describe('comparing two kernels', () => {
  test('jump to the first difference: the marker, both panes, and the rule behind it', async () => {
    const { page, problems, close } = await openCompare();
    expect(page.url()).toMatch(/#compare$/);
    const counter = page.getByTestId('step-counter');
    expect(await counter.textContent()).toBe(`0 / ${TOTAL}`);
    const mark = page.locator('[data-testid="timeline-mark"][data-kind="diverge"]');
    expect(await mark.count()).toBe(1);
    expect(
      Number(await mark.evaluate((el) => getComputedStyle(el).getPropertyValue('--at'))),
    ).toBeCloseTo(ROW / TOTAL, 5);
    await page.getByTestId('jump-to-difference').click();
    expect(await counter.textContent()).toBe(`${ROW} / ${TOTAL}`);
    for (const side of ['left', 'right']) {
      const pane = page.getByTestId(`compare-pane-${side}`);
      expect(await pane.getAttribute('data-parted')).toBe('true');
      expect(await pane.textContent()).toContain('They part here');
    }
    const why = page.getByTestId('divergence-invariant');
    expect(await why.textContent()).toBe('INV-P7');
    expect(await why.getAttribute('href')).toBe('#inv=INV-P7');
    await screenshot(page, 'compare-diverged');
    // The next micro-step is the hang, drawn on the left pane only.
    await page.keyboard.press('ArrowRight');
    expect(
      await page.getByTestId('compare-pane-left').getByTestId('kernel-outcome').textContent(),
    ).toContain('HANG');
    expect(await page.getByTestId('compare-pane-right').getByTestId('kernel-outcome').count()).toBe(
      0,
    );
    // The rule, then Back: the comparison is where it was.
    await why.click();
    await page.locator('#inv-INV-P7').waitFor();
    await page.goBack();
    await page.getByTestId('compare-page').waitFor();
    expect(await counter.textContent()).toBe(`${ROW + 1} / ${TOTAL}`);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('narrow screens stack the panes; reduced motion still jumps', async () => {
    const { page, close } = await openCompare({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      reducedMotion: 'reduce',
    });
    const l = await page.getByTestId('compare-pane-left').boundingBox();
    const r = await page.getByTestId('compare-pane-right').boundingBox();
    expect(r!.y).toBeGreaterThan(l!.y + l!.height - 1);
    expect(Math.abs(r!.x - l!.x)).toBeLessThan(1);
    await page.getByTestId('jump-to-difference').click();
    expect(await page.getByTestId('step-counter').textContent()).toBe(`${ROW} / ${TOTAL}`);
    await screenshot(page, 'compare-390');
    await close();
  });

  test('axe: no serious or critical violation on the compare page, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openCompare({ colorScheme });
      expect(await seriousViolations(page), `compare, ${colorScheme}`).toBe('');
      await page.getByTestId('jump-to-difference').click();
      await page.keyboard.press('ArrowRight');
      expect(await seriousViolations(page), `compare at the hang, ${colorScheme}`).toBe('');
      await close();
    }
  });
});
