import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { pathCounts, runComparison } from '../../src/app/compare/gmemRuns';
import { comparisonById } from '../../src/scenarios/comparisons';
import { LIBRARY } from '../../src/scenarios/library/index';
import { seriousViolations } from './axe';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The HMM-vs-GMEM comparison on the built site: opened from the gallery's GMEM topic, stepped
 * beat by beat; both panes advance together, and each beat shows its debate and driver paths.
 */
const baseURL = inject('baseURL');
const CMP = comparisonById('cmp-alloc-device-cpu')!;
const RUN = runComparison(CMP, LIBRARY);
const COUNTS = pathCounts(CMP.beats);
const TOTAL = RUN.rows.length - 1;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openComparison(options: BrowserContextOptions = {}) {
  const opened = await openPage(browser, { bypassCSP: true, ...options });
  await opened.page.goto(`${baseURL}#compare/gmem/${CMP.id}`);
  await opened.page.getByTestId('gmem-compare-page').waitFor();
  return opened;
}

describe('HMM and GMEM side by side', () => {
  test('from the gallery’s GMEM topic to the comparison', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}#gallery`);
    const links = page.getByTestId('gallery-gmem-compare');
    await links.waitFor();
    await links.getByRole('link', { name: /allocate, device touch/ }).click();
    await page.getByTestId('gmem-compare-page').waitFor();
    expect(page.url()).toMatch(new RegExp(`#compare/gmem/${CMP.id}$`));
    expect(await page.getByTestId('step-counter').textContent()).toBe(`0 / ${TOTAL}`);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('Next beat, beat by beat: both panes advance; debate and driver path counts shown', async () => {
    const { page, problems, close } = await openComparison();
    const counter = page.getByTestId('step-counter');
    for (const [i, beat] of CMP.beats.entries()) {
      await page.getByTestId('beat-next').click();
      expect(await counter.textContent()).toBe(`${RUN.beatEnds[i]} / ${TOTAL}`);
      expect(await page.getByTestId('gmem-pane-hmm-where').textContent()).toContain(
        `Step ${beat.hmm.at(-1)! + 1}`,
      );
      expect(await page.getByTestId('gmem-pane-gmem-where').textContent()).toContain(
        `Step ${beat.gmem.at(-1)! + 1}`,
      );
      for (const side of ['hmm', 'gmem'] as const) {
        expect(await page.getByTestId(`driver-paths-${side}-beat`).textContent()).toBe(
          String(COUNTS.perBeat[i]![side]),
        );
        expect(await page.getByTestId(`driver-paths-${side}-sofar`).textContent()).toBe(
          String(COUNTS.soFar[i]![side]),
        );
      }
      const quotes = page.getByTestId('debate-quote');
      expect(await quotes.count()).toBe(beat.debate?.length ?? 0);
      if (beat.debate?.length) {
        expect(await quotes.first().textContent()).toContain(beat.debate[0]!.said);
        expect(await quotes.first().isVisible()).toBe(true);
      }
      if (beat.title.includes('fork')) {
        expect(await page.getByTestId('gmem-pane-gmem-errno').textContent()).toContain('-ENOSYS');
        await screenshot(page, 'compare-gmem-fork');
      }
    }
    expect(await page.getByTestId('beat-next').isDisabled()).toBe(true);
    // Keyboard: Shift+← goes back one beat, like one op in the player.
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await counter.textContent()).toBe(`${RUN.beatEnds.at(-2)} / ${TOTAL}`);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('axe: no serious or critical violation, in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, close } = await openComparison({ colorScheme });
      await page.getByTestId('beat-button').nth(1).click();
      expect(await seriousViolations(page), `gmem compare, ${colorScheme}`).toBe('');
      await close();
    }
  });
});
