import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser';

/** The scenario editor in the built site: edit, reload, find the draft; play it; share it. */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the editor', () => {
  test('an edited scenario survives a reload, runs as it is edited, and plays', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('editor-button').click();
    const title = page.getByRole('textbox', { name: 'Title' });
    await title.fill('My own migration');
    // A step from the palette runs at once; reading an unmapped page is the kernel's -EFAULT
    // (a SIGSEGV for the CPU), a result, not a validation error.
    await page.getByRole('button', { name: 'Add cpu.read' }).click();
    const steps = page.locator('fieldset.ed-step');
    const last = steps.last();
    await last.getByRole('spinbutton', { name: /^First page/ }).fill('100');
    await expect.poll(() => last.textContent()).toMatch(/SIGSEGV|EFAULT/);
    await screenshot(page, 'editor');

    // Reload: the draft is still there, on the editor's page.
    await page.waitForTimeout(400);
    await page.reload();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Title' }).inputValue())
      .toBe('My own migration');
    const count = await page.locator('fieldset.ed-step').count();
    expect(count).toBeGreaterThan(1);

    // Play puts it on stage as the editor's draft.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('narration-text').textContent())
      .toBe('My own migration');
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('draft');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
