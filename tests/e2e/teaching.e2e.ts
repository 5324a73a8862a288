import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import { LIBRARY } from '../../src/scenarios/library/index';
import { getFrame, pvecForEach } from '../../src/engine';
import { runScenarioWithMachines } from '../../src/machines/runScenarioMachines';
import { describeFrame, describePte } from '../../src/views/stage/describe';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * The teaching scenarios of domain.md §6 in the library (S1, S3, S4, S5, S10…), played op by op
 * in the built site: after every op, every CPU page-table entry and every struct page in use
 * reads exactly as the engine's recorded state says, and the op's result is the runner's.
 */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The library's domain.md §6 scenarios (s1-…, s4-…); the selftests are checked in stories. */
const TEACHING = LIBRARY.filter((s) => /^s\d+-/.test(s.id));

describe('teaching scenarios play end to end', () => {
  test('the §6 scenarios S4, S5 and S10 are among them', () => {
    const ids = TEACHING.map((s) => s.id.split('-')[0]);
    for (const s of ['s4', 's5', 's10']) expect(ids).toContain(s);
  });

  test.each(TEACHING.map((s) => [s.id, s] as const))('%s', async (id, s) => {
    const timeline = buildTimeline(s.doc);
    // The machines: races need them (the engine's applyStep answers a race with ENOSYS).
    const trace = runScenarioWithMachines(s.doc);
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.locator(`option[value="${id}"]`).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption(id);
    await expect.poll(() => page.getByTestId('narration-text').textContent()).toBe(s.doc.title);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const labels = () =>
      page
        .locator('.stage-row[role="img"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

    for (let step = 0; step < s.doc.steps.length; step++) {
      await page.keyboard.press('Shift+ArrowRight');
      const end = (timeline.opStarts[step + 1] ?? timeline.frames.length) - 1;
      const world = timeline.frames[end]!.world;
      await expect
        .poll(() => page.getByTestId('step-counter').textContent())
        .toBe(`${end} / ${timeline.frames.length - 1}`);
      const shown = new Set(await labels());
      for (const proc of Object.keys(world.procs))
        pvecForEach(world.procs[proc]!.pt, 0, Number.MAX_SAFE_INTEGER, (p, pte) => {
          expect(shown, `${id} step ${step + 1}`).toContain(describePte(world, proc, p, pte));
          const f = getFrame(world, pte.frame);
          if (pte.frame !== world.zeroFrame)
            expect(shown, `${id} step ${step + 1}`).toContain(describeFrame(world, pte.frame, f));
        });
      const want = trace.results[step]!;
      if (want.notRun !== undefined) {
        // After a crash, hang or livelock nothing runs: the step says why instead.
        expect(await page.getByTestId('not-run').textContent()).toBe(want.notRun);
        continue;
      }
      const result = await page.getByTestId('narration-result').textContent();
      // A race answers per thread ("T1 cpu.read ret 0 · data [42]").
      for (const r of want.threads ?? [want]) expect(result).toContain(`ret ${r.ret}`);
    }
    await screenshot(page, `teaching-${id}-end`);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
