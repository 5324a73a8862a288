// `npm run bench`: HMM Lab's measurements. Not a test: it prints figures and writes them to
// test-results/bench.json so they can be compared across changes.
//   - the built bundle: every chunk, raw and gzip, and the initial JS a first visit loads
//   - time to first render of the built site in headless Chromium (median of several loads)
//   - render time per micro-step: a large scenario opened from its share link and stepped with →
//     (scripts/bench-render.mjs)
//   - every scripts/bench-*.ts (engine throughput and so on), run with tsx
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { RENDER_TARGET_MS, renderPerMicroStep } from './bench-render.mjs';
import { chromiumLaunchOptions } from './chromium.mjs';
import { serveStatic } from './serve-static.mjs';

const INITIAL_JS_BUDGET_KB = 130;
const LOADS = 7;
const kb = (n) => Math.round((n / 1024) * 10) / 10;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function build() {
  const r = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** Every file of dist/assets with its raw and gzip size, and the JS the entry page loads. */
function bundleSizes() {
  const assets = readdirSync('dist/assets').map((name) => {
    const bytes = readFileSync(join('dist/assets', name));
    return {
      file: `assets/${name}`,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    };
  });
  const html = readFileSync('dist/index.html', 'utf8');
  // The initial load: the entry script and every chunk it preloads (static imports).
  const initialFiles = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1],
  );
  const initial = assets.filter((a) => initialFiles.includes(a.file));
  return {
    assets,
    initialJs: {
      files: initialFiles,
      raw: initial.reduce((s, a) => s + a.raw, 0),
      gzip: initial.reduce((s, a) => s + a.gzip, 0),
    },
  };
}

/** Loads the built site LOADS times in a fresh page and reads the app's first-render mark. */
async function firstRender() {
  const server = await serveStatic('dist', { prefix: '/bench/' });
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  const renders = [];
  const paints = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(
        () => performance.getEntriesByName('hmm-lab:first-render').length > 0,
      );
      const t = await page.evaluate(() => ({
        render: performance.getEntriesByName('hmm-lab:first-render')[0].startTime,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      }));
      renders.push(t.render);
      if (t.fcp !== null) paints.push(t.fcp);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // The first load warms the browser's caches of its own; report it apart from the median.
  return {
    loads: LOADS,
    firstLoadMs: Math.round(renders[0]),
    medianMs: Math.round(median(renders.slice(1))),
    medianFirstContentfulPaintMs: paints.length ? Math.round(median(paints.slice(1))) : null,
  };
}

/** Runs every scripts/bench-*.ts; each prints one JSON object on its last line. */
function moduleBenches() {
  const files = readdirSync('scripts').filter((f) => /^bench-.*\.ts$/.test(f));
  const out = {};
  for (const f of files) {
    console.log(`\n▶ ${f}`);
    const r = spawnSync('node_modules/.bin/tsx', [join('scripts', f)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(r.stdout);
    const last = r.stdout.trim().split('\n').pop() ?? '';
    try {
      out[f] = JSON.parse(last);
    } catch {
      out[f] = { error: `exit ${r.status}; no JSON on its last line` };
    }
  }
  return out;
}

console.log('▶ vite build');
build();
const sizes = bundleSizes();
console.log('\nBundle (dist/assets):');
for (const a of sizes.assets.sort((x, y) => y.raw - x.raw)) {
  console.log(
    `  ${a.file.padEnd(44)} ${String(kb(a.raw)).padStart(8)} kB  ${String(kb(a.gzip)).padStart(7)} kB gzip`,
  );
}
const within = kb(sizes.initialJs.gzip) <= INITIAL_JS_BUDGET_KB;
console.log(
  `  initial JS: ${kb(sizes.initialJs.raw)} kB, ${kb(sizes.initialJs.gzip)} kB gzip ` +
    `(budget ${INITIAL_JS_BUDGET_KB} kB gzip: ${within ? 'within' : 'OVER'})`,
);

console.log('\n▶ first render of the built site in headless Chromium');
const render = await firstRender();
console.log(
  `  first render: median ${render.medianMs} ms over ${render.loads - 1} warm loads ` +
    `(cold first load ${render.firstLoadMs} ms); first contentful paint median ${render.medianFirstContentfulPaintMs} ms`,
);

console.log('\n▶ render per micro-step (large scenario opened from its link, stepped with →)');
const steps = await renderPerMicroStep();
const sc = steps.scenario;
console.log(
  `  ${sc.processes} processes × ${sc.pagesPerProcess} pages, ${sc.devices} devices × ${sc.pagesPerDevice} pages, ` +
    `${sc.ops} ops, ${sc.microSteps} micro-steps; link ${sc.linkChars} chars, on stage after ${steps.openFromLinkMs} ms`,
);
console.log(
  `  render per micro-step: median ${steps.medianMs} ms, p95 ${steps.p95Ms} ms ` +
    `(target median ≤ ${RENDER_TARGET_MS} ms); max ${steps.maxMs} ms, ` +
    `${steps.overTargetSteps} of ${steps.steps} steps over ${RENDER_TARGET_MS} ms ` +
    `(an idle frame, no key, measures ${steps.idleFrameMedianMs} ms the same way)`,
);
console.log(
  `  following the action: ${steps.follow.followed} of ${steps.follow.steps} steps taken one at a time ` +
    `changed something off screen; key to the frame painted after the scroll: median ` +
    `${steps.follow.medianMs} ms, p95 ${steps.follow.p95Ms} ms (the stage waits 100 ms on a step before it scrolls)`,
);

const modules = moduleBenches();
const result = {
  date: new Date().toISOString(),
  node: process.version,
  bundle: { ...sizes, initialJsBudgetKb: INITIAL_JS_BUDGET_KB, initialJsWithinBudget: within },
  firstRender: render,
  renderPerMicroStep: steps,
  ...modules,
};
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify(result, null, 2));
console.log('\nWritten to test-results/bench.json');
