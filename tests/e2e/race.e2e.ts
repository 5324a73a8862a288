import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { ScenarioDoc } from '../../src/engine';
import S6 from '../../src/scenarios/library/s6-fault-race-use-after-free.json';
import { decodeLink, encodeScenario } from '../../src/url/codec';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The interleaving control on the built site (issue 7): S6, the CPU fault racing a migration on
 * a kernel without the fault's page reference, opened from a link. As recorded, T2 runs between
 * T1's lookup and its migrate_to_ram, and the kernel reads a freed page. "Run T2 next" at T1's
 * first turn replays the race with T2 first: no use-after-free, and the link says so.
 */
const baseURL = inject('baseURL');
const DOC = S6 as ScenarioDoc;
const RACE_STEP = DOC.steps.findIndex((s) => s.op === 'race');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The step list jumps to a step's end: the end of the step before the race, then one more. */
async function toRaceStart(page: Page) {
  await page.getByRole('button', { name: new RegExp(`^${RACE_STEP} dev\\.migrate `) }).click();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('race-panel').waitFor();
}

describe('interleaving a race by hand', () => {
  test('the recorded interleaving breaks; running T2 first does not, and the link keeps it', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}${encodeScenario(DOC)}`);
    await page.getByRole('region', { name: `Stage: ${DOC.title}` }).waitFor();

    // To the race step: T1's first turn (do_swap_page looks the page up, no reference).
    await toRaceStart(page);
    const panel = page.getByTestId('race-panel');
    await panel.waitFor();
    expect(await page.getByTestId('thread-badge').textContent()).toMatch(/T1$/);
    expect(await page.getByTestId('race-lane-T1').count()).toBe(1);
    expect(await page.getByTestId('race-lane-T2').count()).toBe(1);
    expect(await page.getByTestId('race-schedule').textContent()).toMatch(/^T1 T2 T2/);

    // As recorded, the race ends in the use-after-free.
    await page.keyboard.press('End');
    const outcome = page.getByTestId('kernel-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-kind')).toBe('use-after-free');
    await screenshot(page, 'race-use-after-free');

    // Back to T1's first turn, and let T2 go first instead.
    await toRaceStart(page);
    expect(await panel.textContent()).toMatch(/Turn 1 of 7/);
    await panel.getByRole('button', { name: 'Run T2 next' }).click();
    await expect.poll(() => page.getByTestId('thread-badge').textContent()).toMatch(/T2$/);
    expect(await page.getByTestId('race-schedule').textContent()).toMatch(/^T2/);
    expect(await page.getByTestId('race-status').textContent()).toMatch(/T2/);
    await screenshot(page, 'race-t2-first');

    // To the end: T1 now finds a present page and loads 42; no outcome.
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('narration-text').textContent()).toMatch(/race/);
    expect(await page.getByTestId('kernel-outcome').count()).toBe(0);

    // The address bar follows (after stepping pauses): its link replays this interleaving.
    await expect
      .poll(
        () => {
          const r = decodeLink(new URL(page.url()).hash);
          const step = r.ok ? r.payload.scenario.steps[RACE_STEP] : undefined;
          return step && 'schedule' in step ? JSON.stringify(step.schedule) : null;
        },
        { timeout: 5_000 },
      )
      .toBe('[1]');

    expect(problems.errors).toEqual([]);
    expect(problems.foreignRequests).toEqual([]);
    await close();
  });
});
