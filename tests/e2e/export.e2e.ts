import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser';

/**
 * Exports in the built site, in Chromium: the stage as SVG and as PNG are real downloads that
 * open as images (an SVG that needed the page's style sheets or had an error would not).
 */
const baseURL = inject('baseURL');
const SHOTS = resolve(import.meta.dirname, '../../.scratch/shots');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function exportAs(page: Page, item: string) {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/** Loads `url` as an <img> in the page: its natural size (0 × 0 when it does not decode). */
const imageSize = (page: Page, url: string) =>
  page.evaluate(
    (src) =>
      new Promise<[number, number]>((done) => {
        const img = new Image();
        img.onload = () => done([img.naturalWidth, img.naturalHeight]);
        img.onerror = () => done([0, 0]);
        img.src = src;
      }),
    url,
  );

describe('exporting the stage', () => {
  test('"Stage as SVG" and "Stage as PNG" download files that open as images', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('step-counter').waitFor();
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');

    const svg = await exportAs(page, 'Stage as SVG');
    expect(svg.name).toMatch(/^hmm-lab-[a-z0-9-]+-frame-\d+\.svg$/);
    const text = svg.bytes.toString('utf8');
    expect(text).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).not.toMatch(/data-|tabindex|var\(--/);
    const parsed = await page.evaluate(
      (t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror'),
      text,
    );
    expect(parsed).toBeNull();
    // Colours were resolved from the theme (no class or variable is left to resolve them).
    expect(text).toContain('stroke="rgb(31, 95, 168)"'); // --cpu, light theme
    const [w, h] = await imageSize(
      page,
      `data:image/svg+xml;base64,${svg.bytes.toString('base64')}`,
    );
    expect(w).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.export-menu__status').textContent()).toContain('Saved');

    const png = await exportAs(page, 'Stage as PNG');
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const [pw] = await imageSize(page, `data:image/png;base64,${png.bytes.toString('base64')}`);
    expect(pw).toBe(2 * w); // scale 2, for projectors

    // A look at both: the SVG as an image, and the menu open over the stage.
    const view = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await view.setContent(
      `<body style="margin:0;background:#888"><img src="data:image/svg+xml;base64,${svg.bytes.toString('base64')}" style="max-width:100%"></body>`,
    );
    mkdirSync(SHOTS, { recursive: true });
    await view.screenshot({ path: resolve(SHOTS, 'export-stage-svg.png') });
    await view.close();
    await page.getByRole('button', { name: 'Export' }).click();
    copyFileSync(await screenshot(page, 'export-menu'), resolve(SHOTS, 'export-menu.png'));
    await page.keyboard.press('Escape');
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  });

  test('the whole scenario as an animated SVG and as a zip of PNGs', async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(baseURL);
    await page.getByTestId('step-counter').waitFor();
    const anim = await exportAs(page, 'Whole scenario as animated SVG');
    const text = anim.bytes.toString('utf8');
    const groups = (text.match(/<animate /g) ?? []).length;
    expect(groups).toBeGreaterThan(2);
    const [w] = await imageSize(page, `data:image/svg+xml;base64,${anim.bytes.toString('base64')}`);
    expect(w).toBeGreaterThan(0);
    const zip = await exportAs(page, 'Whole scenario as PNG images (.zip)');
    expect(zip.name).toMatch(/-frames\.zip$/);
    expect(zip.bytes.readUInt32LE(0)).toBe(0x04034b50);
    // One PNG per frame of the animation, plus captions.txt.
    expect(zip.bytes.readUInt16LE(zip.bytes.length - 12)).toBe(groups + 1);
    expect(problems).toEqual({ errors: [], foreignRequests: [] });
    await close();
  }, 180_000);
});
