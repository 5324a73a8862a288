import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import defaultScenario from '../../src/scenarios/default.json';
import { encodeScenario } from '../../src/url/codec';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The stage as a reader uses it in the built site: details of a pinned page follow the steps,
 * a page moving to device memory is animated as a copy (and not under reduced motion), the
 * window follows a change drawn off screen.
 */
const baseURL = inject('baseURL');
const TIMELINE = buildTimeline(defaultScenario as ScenarioDoc);
/** A tall stage: 300 written pages, then one more write far down the page table. */
const TALL: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Tall stage',
  machine: { systemPages: 512, devices: [] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 300, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 300, value: 1 },
    { op: 'cpu.write', proc: 'A', page: 290, count: 1, value: 7 },
  ],
};
/** The first frame whose micro-step copies pages (dmirror_migrate_alloc_and_copy). */
const COPY_AT = TIMELINE.frames.findIndex((f) => (f.microstep?.copies?.length ?? 0) > 0);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the stage in the browser', () => {
  test('a pinned device page shows what points to it as the scenario plays', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('step-counter').waitFor();
    await page.getByRole('img', { name: /^dev0:0: / }).click();
    const card = page.getByTestId('details-card');
    await expect.poll(() => card.textContent()).toContain('What points here (0)');
    // Through dev.migrate (7 ops), op by op, the card keeps the page and updates.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => card.textContent()).toContain('What points here (2)');
    expect(await card.textContent()).toContain('A page 0 · dev-private RW');
    await screenshot(page, 'stage-pinned-details');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('copying pages into device memory is animated, and not under reduced motion', async () => {
    expect(COPY_AT).toBeGreaterThan(0);
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const { page, problems, close } = await openPage(browser, { reducedMotion });
      await page.goto(baseURL);
      await page.getByTestId('step-counter').waitFor();
      for (let i = 0; i < COPY_AT; i++) await page.keyboard.press('ArrowRight');
      const layer = page.getByTestId('copy-layer');
      if (reducedMotion === 'reduce') {
        await page.waitForTimeout(300);
        expect(await layer.count()).toBe(0);
      } else {
        await expect.poll(() => layer.locator('.copy-token').count()).toBe(4);
        // A token is under way: visible, somewhere between its source and destination.
        await expect
          .poll(() =>
            layer
              .locator('.copy-token')
              .first()
              .evaluate((e) => Number(getComputedStyle(e).opacity)),
          )
          .toBeGreaterThan(0);
        // Stepping back onto the copy shows its state without replaying it.
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowLeft');
        await page.waitForTimeout(300);
        expect(await layer.count()).toBe(0);
      }
      expect(problems).toEqual({ errors: [], foreignRequests: [] });
      await close();
    }
  });

  test('a change drawn off screen is brought into view once the step is on screen', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}${encodeScenario(TALL)}`);
    await expect.poll(() => page.getByTestId('scenario-picker').inputValue()).toBe('from-link-1');
    const viewport = page.getByTestId('stage-viewport');
    expect(await viewport.evaluate((v) => v.scrollTop)).toBe(0);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    // The write to page 290 is far below the first screen; the window scrolls to it.
    await expect.poll(() => viewport.evaluate((v) => v.scrollTop)).toBeGreaterThan(1000);
    const inView = await viewport.evaluate((v) => {
      const view = v.getBoundingClientRect();
      return [...v.querySelectorAll('.stage-row[data-changed]')]
        .map((row) => row.getBoundingClientRect())
        .some((r) => r.top >= view.top && r.bottom <= view.bottom);
    });
    expect(inView).toBe(true);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
