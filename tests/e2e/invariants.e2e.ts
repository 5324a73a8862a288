import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { INVARIANTS } from '../../src/engine';
import { launchBrowser, openPage, screenshot } from './browser';

/** The invariants page in the built site, reached from the narration, and linked directly. */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('invariants explained', () => {
  test('the narration links each checked invariant to its explanation; Back returns', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.getByText('Invariants checked: none broken').click();
    await page.getByRole('link', { name: 'INV-P3' }).click();
    const card = page.locator('#inv-INV-P3');
    await card.waitFor();
    expect(await card.getAttribute('data-focused')).toBe('true');
    expect(await card.textContent()).toContain('checked by the engine');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inv-INV-P3');
    // Every invariant the engine checks is explained.
    const ids = await page.getByTestId('invariant').evaluateAll((els) => els.map((e) => e.id));
    for (const id of Object.keys(INVARIANTS)) expect(ids).toContain(`inv-${id}`);
    await screenshot(page, 'invariants');
    await page.goBack();
    await expect.poll(() => page.getByTestId('step-counter').textContent()).toMatch(/^3 \//);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('a link straight to one invariant opens the page there', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${baseURL}#inv=INV-T4`);
    const card = page.locator('#inv-INV-T4');
    await card.waitFor();
    expect(await card.getAttribute('data-focused')).toBe('true');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });
});
