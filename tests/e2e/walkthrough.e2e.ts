import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Checkpoint } from '../../src/scenarios/walkthroughs/schema';
import w2 from '../../src/scenarios/walkthroughs/w2-migration.json';
import EXPECTED from '../unit/walkthroughs/expected/w2-migration';
import { seriousViolations } from './axe';
import { launchBrowser, openPage } from './browser';

/**
 * Walkthroughs in the built site, in Chromium: a student goes through w2-migration from the
 * header's Learn button to the summary (one answer wrong on purpose), and the progress is still
 * there after a reload; a presenter drives it with the clicker's keys; axe finds nothing serious
 * on the page in either theme or in presenter mode.
 */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CHECKPOINTS = (w2.chapters as { checkpoints?: Checkpoint[] }[]).flatMap(
  (c) => c.checkpoints ?? [],
);
const byPrompt = (prompt: string) => CHECKPOINTS.find((c) => c.prompt === prompt)!;

/** Next until a question is asked or the summary shows; which one it is. */
async function toQuestionOrSummary(page: Page): Promise<'question' | 'summary'> {
  for (let i = 0; i < 60; i++) {
    if ((await page.getByTestId('checkpoint').count()) > 0) return 'question';
    if ((await page.getByTestId('walk-summary').count()) > 0) return 'summary';
    await page.getByTestId('walk-next').click();
  }
  throw new Error('neither a question nor the summary after 60 clicks on Next');
}

/** Answers the open question: right, from the expected table, or `wrong` (a number). */
async function answer(page: Page, wrong?: number): Promise<Checkpoint> {
  const form = page.getByTestId('checkpoint').first();
  const cp = byPrompt((await form.getByRole('heading').textContent()) ?? '');
  const want = EXPECTED[cp.id as keyof typeof EXPECTED];
  if (cp.ask.kind === 'number')
    await form.getByTestId('checkpoint-number').fill(String(wrong ?? want));
  else if (cp.ask.kind === 'choice')
    await form.getByLabel(cp.ask.options.find((o) => o.value === want)!.label).check();
  else
    for (const key of want as readonly string[])
      await page.locator(`[data-inspect="${key}"]`).click();
  await form.getByTestId('checkpoint-check').click();
  return cp;
}

const chapterTitle = (page: Page) => page.getByTestId('walk-chapter-title').textContent();
const micro = (page: Page) => page.getByTestId('walk-micro').textContent();

describe('a student', () => {
  test('Learn → w2-migration → one wrong answer, the rest right → the summary; a reload keeps it', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('timeline').waitFor();
    await page.getByTestId('learn-button').click();
    await page.getByTestId('walk-list').waitFor();
    expect(page.url()).toMatch(/#learn$/);
    await page.getByTestId('walk-open-w2-migration').click();
    await expect.poll(() => chapterTitle(page)).toContain(w2.chapters[0]!.title);
    expect(page.url()).toMatch(/#learn\/w2-migration$/);

    expect(await toQuestionOrSummary(page)).toBe('question');
    const first = await answer(page, 1);
    expect(first.id).toBe('pin-refcount');
    const reveal = page.getByTestId('checkpoint-reveal');
    await expect.poll(() => reveal.locator('.checkpoint__verdict').textContent()).toBe('Not quite');
    expect(await reveal.getByTestId('checkpoint-feedback').textContent()).toContain(
      'A pin is not free',
    );
    expect(await reveal.getByTestId('checkpoint-answer').textContent()).toBe('2');

    const answered = [first.id];
    while ((await toQuestionOrSummary(page)) === 'question') {
      const cp = await answer(page);
      answered.push(cp.id);
      // Right, or (a prediction about the end of the step) waiting for its reveal.
      await expect
        .poll(async () =>
          (await page.getByTestId('checkpoint-waiting').count()) > 0 ||
          (await page.getByTestId('checkpoint').count()) > 0
            ? 'on the way'
            : await page
                .getByTestId('checkpoint-reveal')
                .first()
                .locator('.checkpoint__verdict')
                .textContent(),
        )
        .toMatch(/^(Right|on the way)$/);
    }
    expect(answered.sort()).toEqual(CHECKPOINTS.map((c) => c.id).sort());
    const summary = page.getByTestId('walk-summary');
    expect(await page.getByTestId('walk-score').textContent()).toBe(
      '6 of 7 questions right (6 the first time).',
    );
    const wrongRow = summary.locator('li', { hasText: first.prompt });
    expect(await wrongRow.textContent()).toContain('Wrong');
    expect(await summary.locator('li', { hasText: 'Right first time' }).count()).toBe(6);

    await page.reload();
    await page.getByTestId('walk-summary').waitFor();
    expect(await page.getByTestId('walk-score').textContent()).toContain('6 of 7');
    await page.evaluate(() => (window.location.hash = '#learn'));
    await page.getByTestId('walk-list').waitFor();
    const card = page.locator('.walk-card', { has: page.getByTestId('walk-open-w2-migration') });
    expect(await card.textContent()).toContain('Done: 6 of 7 right');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});

describe('a presenter', () => {
  test('PageDown / PageUp, reveal at a question, Shift+PageDown, no app header, Escape', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}#learn/w2-migration/present`);
    await page.locator('.walk--present').waitFor();
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    const start = await micro(page);
    await page.keyboard.press('PageDown');
    await expect.poll(() => micro(page)).not.toBe(start);
    await page.keyboard.press('PageUp');
    await expect.poll(() => micro(page)).toBe(start);

    for (let i = 0; i < 40 && (await page.getByTestId('checkpoint').count()) === 0; i++)
      await page.keyboard.press('PageDown');
    expect(await page.getByTestId('presenter-answer').textContent()).toContain('Answer: 2');
    expect(await page.getByTestId('checkpoint-answer').count()).toBe(0);
    await page.keyboard.press('PageDown');
    const reveal = page.getByTestId('checkpoint-reveal');
    await expect.poll(() => reveal.locator('.checkpoint__verdict').textContent()).toBe('Revealed');
    expect(await reveal.getByTestId('checkpoint-answer').textContent()).toBe('2');

    await page.keyboard.press('Shift+PageDown');
    await expect.poll(() => chapterTitle(page)).toContain(w2.chapters[1]!.title);
    await page.keyboard.press('Shift+PageUp');
    await expect.poll(() => chapterTitle(page)).toContain(w2.chapters[0]!.title);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.walk--present').count()).toBe(0);
    expect(await page.locator('.app-header').isVisible()).toBe(true);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});

describe('accessibility', () => {
  /** The site's CSP forbids the inline script axe is added with: these contexts bypass it. */
  const open = (hash: string, options: BrowserContextOptions = {}) =>
    openPage(browser, { bypassCSP: true, ...options }).then(async (o) => {
      await o.page.goto(`${baseURL}${hash}`);
      return o;
    });

  test.each(['light', 'dark'] as const)(
    'axe: the list and a walkthrough, %s',
    async (colorScheme) => {
      const { page, close } = await open('#learn', { colorScheme });
      await page.getByTestId('walk-list').waitFor();
      expect(await seriousViolations(page), `list, ${colorScheme}`).toBe('');
      await page.getByTestId('walk-open-w2-migration').click();
      await page.getByTestId('walkthrough').waitFor();
      expect(await seriousViolations(page), `chapter 1, ${colorScheme}`).toBe('');
      await toQuestionOrSummary(page);
      expect(await seriousViolations(page), `a question, ${colorScheme}`).toBe('');
      await answer(page, 1);
      await page.getByTestId('checkpoint-reveal').waitFor();
      expect(await seriousViolations(page), `a wrong answer revealed, ${colorScheme}`).toBe('');
      await close();
    },
  );

  test.each(['light', 'dark'] as const)('axe: presenter mode, %s', async (colorScheme) => {
    const { page, close } = await open('#learn/w2-migration/present', { colorScheme });
    await page.locator('.walk--present').waitFor();
    expect(await seriousViolations(page), `presenter, ${colorScheme}`).toBe('');
    for (let i = 0; i < 40 && (await page.getByTestId('checkpoint').count()) === 0; i++)
      await page.keyboard.press('PageDown');
    expect(await seriousViolations(page), `presenter at a question, ${colorScheme}`).toBe('');
    await page.keyboard.press('PageDown');
    await page.getByTestId('checkpoint-reveal').waitFor();
    expect(await seriousViolations(page), `presenter, revealed, ${colorScheme}`).toBe('');
    await close();
  });
});
