#!/usr/bin/env node
// Checks that the built Storybook (storybook-static/, `npm run build-storybook`) works from a
// sub-path of a static host, as it would on a course site: it serves the folder under
// /course/sb/ (and nothing at the root), opens a library story's iframe and Storybook's own UI
// in headless Chromium, and fails on any failed or refused request, any page error, or a story
// that does not render (the step counter must be visible and its play function must have taken
// it to the end).
//
//   node scripts/check-storybook-subpath.mjs [storybook-static] [--story <story id>]
//
// Needs a system Chromium (scripts/chromium.mjs); run after `npm run build-storybook`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.mjs';
import { serveStatic } from './serve-static.mjs';

const PREFIX = '/course/sb/';
const TIMEOUT_MS = 30_000;

function parseArgs(argv) {
  const out = { dir: 'storybook-static', story: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--story') out.story = argv[++i] ?? null;
    else out.dir = argv[i];
  }
  return out;
}

/** A library story to open: the one asked for, else the first `Library/…` story in the index. */
function pickStory(dir, wanted) {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const stories = Object.values(index.entries ?? {}).filter((e) => e.type === 'story');
  if (wanted) {
    if (!stories.some((e) => e.id === wanted))
      throw new Error(`no story "${wanted}" in index.json`);
    return wanted;
  }
  const library = stories.filter((e) => e.title.startsWith('Library/'));
  if (library.length === 0) throw new Error('index.json has no Library/… story');
  // The smallest scenario renders fastest: the default one if it is there.
  return (library.find((e) => e.id.endsWith('--default')) ?? library[0]).id;
}

/** Records what went wrong on a page: failed requests, HTTP errors, page errors. */
function watch(page, problems, origin) {
  page.on('requestfailed', (r) =>
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    // Everything must come from the sub-path: an absolute /assets/… URL would miss it.
    if (url.startsWith(origin) && !url.startsWith(origin + PREFIX))
      problems.push(`request outside ${PREFIX}: ${url}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

async function main() {
  const { dir: given, story: wanted } = parseArgs(process.argv.slice(2));
  const dir = resolve(given);
  if (!existsSync(join(dir, 'iframe.html')))
    throw new Error(`${given}/iframe.html not found: run \`npm run build-storybook\` first`);
  const id = pickStory(dir, wanted);
  const server = await serveStatic(dir, { prefix: PREFIX });
  const origin = new URL(server.url).origin;
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

    // 1. The story alone, as Storybook's iframe shows it (and as embeds and test runners do).
    const page = await context.newPage();
    watch(page, problems, origin);
    const storyUrl = `${server.url}iframe.html?id=${encodeURIComponent(id)}&viewMode=story`;
    console.log(`opening ${storyUrl}`);
    await page.goto(storyUrl, { waitUntil: 'load' });
    const counter = page.getByTestId('step-counter');
    await counter.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    // The play function presses End: the counter reads `total / total` once it has run.
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="step-counter"]')?.textContent ?? '';
        const m = /^(\d+) \/ (\d+)$/.exec(text.trim());
        return m !== null && m[1] === m[2] && m[2] !== '0';
      },
      undefined,
      { timeout: TIMEOUT_MS },
    );
    console.log(`  story rendered and played: step counter "${await counter.textContent()}"`);

    // 2. Storybook's own UI (manager) under the same sub-path, showing that story.
    const manager = await context.newPage();
    watch(manager, problems, origin);
    const managerUrl = `${server.url}?path=/story/${encodeURIComponent(id)}`;
    console.log(`opening ${managerUrl}`);
    await manager.goto(managerUrl, { waitUntil: 'load' });
    const preview = manager.frameLocator('#storybook-preview-iframe');
    await preview.getByTestId('step-counter').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    await manager.locator(`[data-item-id="${id}"]`).first().waitFor({ timeout: TIMEOUT_MS });
    console.log('  manager shows the story in its sidebar and preview');
    // Let late requests (lazy chunks, the index) finish or fail before judging.
    await manager.waitForLoadState('networkidle', { timeout: TIMEOUT_MS }).catch(() => {});
    await context.close();
  } catch (e) {
    problems.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems.length > 0) {
    console.error(`Storybook under ${PREFIX}: FAILED\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`Storybook works from the sub-path ${PREFIX} (story ${id}, no failed requests).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
