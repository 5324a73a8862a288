// Render time per micro-step, for `npm run bench` (imported by bench.mjs; not a bench-*.ts, so it
// is not run on its own). A large scenario is opened in the built site through its share link
// (#s=1.…), then stepped with the → key; each step is timed in the page from the key's dispatch
// to the frame after it is painted.
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { chromiumLaunchOptions } from './chromium.mjs';
import { serveStatic } from './serve-static.mjs';

/** The frame budget at 60 Hz: a step that takes longer shows as a dropped frame. */
export const RENDER_TARGET_MS = 16;
/** Micro-steps stepped through and timed (the scenario has more than this). */
const STEPS = 300;
/** Steps taken one at a time after the timed run, each left on screen until the stage follows. */
const FOLLOW_STEPS = 60;
/** How long a step is left on screen for the stage to follow it (FOLLOW_MS is 100). */
const FOLLOW_WAIT_MS = 400;
/** Frames timed with no key pressed, for the floor the wait for a paint adds to every step. */
const IDLE_FRAMES = 30;
const PROC_PAGES = 512;
const DEVICE_PAGES = 256;

/**
 * 2 processes × 512 pages and 2 private devices × 256 pages, with ops that touch many pages at
 * once and ops that fault page by page, so the micro-steps are of every kind the stage draws.
 */
export function renderBenchScenario() {
  const P = PROC_PAGES;
  const D = DEVICE_PAGES;
  const values = (base) => Array.from({ length: P }, (_, i) => base + i);
  const steps = [
    { op: 'spawn', proc: 'A' },
    { op: 'spawn', proc: 'B' },
    { op: 'mmap', proc: 'A', page: 0, count: P, prot: 'rw' },
    { op: 'mmap', proc: 'B', page: 0, count: P, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: P, values: values(1000) },
    { op: 'cpu.write', proc: 'B', page: 0, count: P, values: values(2000) },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'a0' },
    { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'a1' },
    { op: 'mirror.open', proc: 'B', device: 'dev0', as: 'b0' },
    { op: 'mirror.open', proc: 'B', device: 'dev1', as: 'b1' },
    { op: 'dev.read', mirror: 'a0', page: 0, count: P },
    { op: 'dev.migrate', mirror: 'a0', page: 0, count: D },
    { op: 'dev.migrate', mirror: 'b1', page: D, count: D },
    { op: 'dev.snapshot', mirror: 'a1', page: 0, count: P },
    { op: 'dev.read', mirror: 'b0', page: 0, count: P },
  ];
  // Rounds of faulting pages back from both devices (CPU and device accesses) and migrating
  // them out again.
  for (let r = 0; r < 6; r++) {
    steps.push(
      { op: 'cpu.read', proc: 'A', page: r * 16, count: 16 },
      { op: 'cpu.write', proc: 'B', page: D + r * 16, count: 16, value: 3000 + r },
      { op: 'dev.write', mirror: 'a1', page: D + r * 8, count: 8, value: 4000 + r },
      { op: 'dev.migrate', mirror: 'a0', page: 0, count: D },
      { op: 'dev.migrate', mirror: 'b1', page: D, count: D },
      { op: 'dev.snapshot', mirror: 'b0', page: 0, count: P },
    );
  }
  steps.push(
    { op: 'dev.migrate-back', mirror: 'a0', page: 0, count: D },
    { op: 'cpu.read', proc: 'B', page: 0, count: P },
  );
  return {
    format: 'hmm-lab/scenario@1',
    title: 'Bench: 2 processes × 512 pages, 2 devices × 256 pages',
    machine: {
      systemPages: 2048,
      devices: [
        { name: 'dev0', memory: 'private', pages: D },
        { name: 'dev1', memory: 'private', pages: D },
      ],
    },
    steps,
  };
}

/** Nearest-rank percentile of a sorted list. */
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const round1 = (x) => Math.round(x * 10) / 10;

/**
 * Installed in the page before the first step. A capture listener on window sees the key before
 * the app's own (bubbling) listener, so the start mark precedes all of the app's work. The end
 * mark is the usual "after the next paint": a requestAnimationFrame callback runs before the
 * frame is painted, and a MessageChannel message posted from it runs after that paint.
 * `idle()` times the same wait with no key: the floor (up to one vsync) under every step.
 */
function installStepTimer() {
  const bench = { count: 0, pending: Promise.resolve(0) };
  const timed = (name) => {
    performance.mark(`${name}:start`);
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          performance.mark(`${name}:end`);
          resolve(performance.measure(name, `${name}:start`, `${name}:end`).duration);
        };
        channel.port2.postMessage(null);
      });
    });
  };
  bench.idle = () => timed(`bench:idle-${bench.count++}`);
  // The stage following a step (scrolling to what it changed, when that is off screen): the
  // time from the step's key to the frame painted after the scroll.
  bench.keyAt = 0;
  bench.followed = null;
  const viewport = document.querySelector('[data-testid="stage-viewport"]');
  viewport.addEventListener('scroll', () => {
    if (bench.followed !== null) return;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (bench.followed = performance.now() - bench.keyAt);
      channel.port2.postMessage(null);
    });
    bench.followed = -1;
  });
  window.__renderBench = bench;
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'ArrowRight') return;
      bench.keyAt = performance.now();
      bench.followed = null;
      bench.pending = timed(`bench:step-${bench.count++}`);
    },
    { capture: true },
  );
}

/** Opens the bench scenario from its link in the built site and times STEPS micro-steps. */
export async function renderPerMicroStep(distDir = 'dist') {
  const root = new URL('../', import.meta.url);
  const { encodeScenario } = await tsImport('./src/url/codec.ts', root.href);
  const { buildTimeline } = await tsImport('./src/app/buildTimeline.ts', root.href);
  const doc = renderBenchScenario();
  const fragment = encodeScenario(doc);
  const total = buildTimeline(doc).frames.length - 1;
  const steps = Math.min(STEPS, total);

  const server = await serveStatic(distDir, { prefix: '/bench/' });
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${fragment}`);
    // Until the linked scenario is on stage: lazy codec chunk, decode, timeline, first render.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scenario-picker"]')?.value === 'from-link-1',
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    const openMs = await page.evaluate(() => performance.now());
    await page.evaluate(installStepTimer);
    const idle = [];
    for (let i = 0; i < IDLE_FRAMES; i++)
      idle.push(await page.evaluate(() => window.__renderBench.idle()));
    const durations = [];
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press('ArrowRight');
      durations.push(await page.evaluate(() => window.__renderBench.pending));
    }
    // Then one step at a time, as a reader steps: left on screen until the stage follows.
    const follows = [];
    for (let i = 0; i < FOLLOW_STEPS && steps + i < total; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(FOLLOW_WAIT_MS);
      const f = await page.evaluate(() => window.__renderBench.followed);
      if (f !== null && f > 0) follows.push(f);
    }
    // What the stage drew on the last step: the size of the DOM that every step updates.
    const dom = await page.evaluate(() => ({
      stageRows: document.querySelectorAll('.stage-row').length,
      elements: document.getElementsByTagName('*').length,
    }));
    const counter = await page.getByTestId('step-counter').textContent();
    const stepped = Math.min(total, steps + FOLLOW_STEPS);
    if (counter !== `${stepped} / ${total}`) {
      throw new Error(
        `the app did not step as expected: "${counter}", wanted ${stepped} / ${total}`,
      );
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
    const sorted = [...durations].sort((a, b) => a - b);
    return {
      scenario: {
        processes: 2,
        pagesPerProcess: PROC_PAGES,
        devices: 2,
        pagesPerDevice: DEVICE_PAGES,
        ops: doc.steps.length,
        microSteps: total,
        linkChars: fragment.length,
      },
      openFromLinkMs: Math.round(openMs),
      dom,
      steps,
      medianMs: round1(percentile(sorted, 0.5)),
      p95Ms: round1(percentile(sorted, 0.95)),
      maxMs: round1(sorted[sorted.length - 1]),
      meanMs: round1(durations.reduce((s, d) => s + d, 0) / durations.length),
      overTargetSteps: durations.filter((d) => d > RENDER_TARGET_MS).length,
      targetMedianMs: RENDER_TARGET_MS,
      follow: {
        steps: Math.min(FOLLOW_STEPS, total - steps),
        followed: follows.length,
        medianMs: follows.length
          ? round1(
              percentile(
                [...follows].sort((a, b) => a - b),
                0.5,
              ),
            )
          : null,
        p95Ms: follows.length
          ? round1(
              percentile(
                [...follows].sort((a, b) => a - b),
                0.95,
              ),
            )
          : null,
      },
      idleFrameMedianMs: round1(
        percentile(
          [...idle].sort((a, b) => a - b),
          0.5,
        ),
      ),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
