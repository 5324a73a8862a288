import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import { runScenario, type ScenarioDoc } from '../../src/engine';
import defaultScenario from '../../src/scenarios/default.json';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The default scenario played in the built site: what the stage shows at the end of each op
 * must be what the headless runner's engine computed (the trace), and stepping back must show
 * the recorded earlier state again.
 */
const baseURL = inject('baseURL');
const DOC = defaultScenario as ScenarioDoc;
const TIMELINE = buildTimeline(DOC);
const TOTAL = TIMELINE.frames.length - 1;
const TRACE = runScenario(DOC);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const KIND_BADGE: Record<string, RegExp> = {
  present: /present R|present RW|zero page/,
  'device-private': /dev-private RW|dev-private R/,
  migration: /migration/,
};

/** The accessible names of every CPU page-table row of process A. */
const ptRows = (page: Page) =>
  page
    .locator('[aria-label^="Process A, page"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

describe('playing the default scenario', () => {
  test('the end state matches the runner, every step of the way back and forth', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    const counter = page.getByTestId('step-counter');
    await counter.waitFor();

    // Play it to the end with the keyboard, op by op.
    for (let i = 0; i < DOC.steps.length; i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await counter.textContent()).toBe(`${TOTAL} / ${TOTAL}`);

    // The final page table is the trace's.
    const rows = await ptRows(page);
    const ptes = TRACE.final.processes.A!.ptes;
    for (const [pageNo, pte] of Object.entries(ptes)) {
      const row = rows.find((r) => r?.startsWith(`Process A, page ${pageNo}:`));
      expect(row, `page ${pageNo}`).toMatch(KIND_BADGE[pte.kind]!);
      expect(row).toContain(pte.frame === 'sys:zero' ? 'sys:' : pte.frame.split(':')[0]);
    }
    // The last op's result is the runner's.
    const last = TRACE.results.at(-1)!;
    expect(await page.getByTestId('narration-result').textContent()).toContain(`ret ${last.ret}`);

    // Back to the end of dev.migrate (step 7): its data and the device-private entries.
    const migrate = DOC.steps.findIndex((s) => s.op === 'dev.migrate');
    await page.getByRole('button', { name: new RegExp(`^${migrate + 1} `) }).click();
    const r = TRACE.results[migrate]!;
    const result = await page.getByTestId('narration-result').textContent();
    expect(result).toContain(`cpages ${r.cpages}`);
    expect(result).toContain(`data [${r.data!.join(', ')}]`);
    const afterMigrate = await ptRows(page);
    expect(afterMigrate.filter((a) => /dev-private RW entry to dev0:/.test(a ?? ''))).toHaveLength(
      4,
    );
    await screenshot(page, 'playback-after-migrate');

    // One micro-step back is the previous recorded frame, not an undo.
    await page.keyboard.press('ArrowLeft');
    const before = TIMELINE.frames[TIMELINE.opStarts[migrate + 1]! - 2]!;
    expect(await page.getByTestId('narration-sentence').textContent()).toBe(
      before.microstep!.narration,
    );
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('mid-migration, migration entries and locked pages are on screen', async () => {
    const { page, close } = await openPage(browser, { colorScheme: 'dark' });
    await page.goto(baseURL);
    await page.getByTestId('step-counter').waitFor();
    const unmap = TIMELINE.frames.findIndex((f) => f.microstep?.fn === 'migrate_vma_unmap');
    expect(unmap).toBeGreaterThan(0);
    for (let i = 0; i < unmap; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('narration-text').textContent()).toContain('dev.migrate');
    const rows = await ptRows(page);
    expect(rows.filter((r) => /migration RW/.test(r ?? ''))).toHaveLength(4);
    expect(await page.locator('[aria-label*="locked"]').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'playback-mid-migration-dark');
    await close();
  });
});
