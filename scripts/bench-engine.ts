/**
 * Engine benchmark (run with tsx; `npm run bench` calls it). Prints a JSON object, then a table.
 *
 * 1. A 65,536-page process migrated to device-private memory (HMM_DMIRROR_MIGRATE_TO_DEV) and
 *    faulted back page by page by CPU reads (do_swap_page → migrate_to_ram):
 *    - pages moved per second (each page crosses twice), and
 *    - simulated page operations per second, a page operation being one page going through one
 *      kernel step: 7 per page to the device (collect, unmap, alloc+copy, migrate_vma_pages,
 *      finalize_and_map, migrate_vma_finalize, read-back) and 8 back (do_swap_page get, collect,
 *      unmap, alloc+copy, migrate_vma_pages, migrate_vma_finalize, do_swap_page put, CPU load).
 * 2. Micro-steps per second when every kernel step is recorded (no coalescing, 4,096 pages).
 * 3. The full trace (every micro-step kept) of a 4,096-page, 200-op scenario: time and heap.
 * 4. Linear growth: the same workloads for n and 2n pages.
 * 5. fork of a 65,536-page process with every page written — all in system memory, then half in
 *    device-private memory — the child's copy-on-write of every page, and its exit
 *    (scripts/benchFork.ts). Target: fork under 1 s.
 *
 * The table comes first; the last line is the JSON object (scripts/bench.mjs reads it).
 */
import {
  DEFAULT_CONFIG,
  type EngineConfig,
  type MicroStep,
  type Step,
  applyStep,
  createWorld,
  runScenario,
} from '../src/engine/index';
import v8 from 'node:v8';
import vm from 'node:vm';
import { forkAndCow } from './benchFork';
import { mixedScenario } from './benchScenario';

const STEPS_TO_DEVICE = 7;
const STEPS_BACK = 8;

// A garbage collector to call between measurements, without needing node --expose-gc.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function gc(): void {
  collect();
  collect();
}

function migrateAndBack(n: number, config: EngineConfig = DEFAULT_CONFIG) {
  let world = createWorld(
    { systemPages: n + 1024, devices: [{ name: 'dev0', memory: 'private', pages: n }] },
    config,
  );
  const setup: Step[] = [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: n, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: n, value: 7 },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
  ];
  setup.forEach((s, i) => (world = applyStep(world, s, i).world));
  let microsteps = 0;
  const t0 = performance.now();
  const to = applyStep(world, { op: 'dev.migrate', mirror: 'm0', page: 0, count: n }, 4);
  const t1 = performance.now();
  const back = applyStep(to.world, { op: 'cpu.read', proc: 'A', page: 0, count: n }, 5);
  const t2 = performance.now();
  microsteps += to.microsteps.length + back.microsteps.length;
  if (
    to.result.cpages !== n ||
    back.result.data?.length !== n ||
    to.violations.length + back.violations.length > 0
  ) {
    throw new Error('benchmark run did not migrate every page cleanly');
  }
  const seconds = (t2 - t0) / 1000;
  return {
    pages: n,
    toDeviceMs: t1 - t0,
    backMs: t2 - t1,
    totalMs: t2 - t0,
    pagesMovedPerSecond: (2 * n) / seconds,
    pageOpsPerSecond: (n * (STEPS_TO_DEVICE + STEPS_BACK)) / seconds,
    microsteps,
  };
}

function fullTrace(pages: number, ops: number) {
  const doc = mixedScenario(pages, ops);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const kept: MicroStep[] = [];
  const t0 = performance.now();
  const trace = runScenario(doc, { onStep: (r) => kept.push(...r.microsteps) });
  const ms = performance.now() - t0;
  gc();
  const heapMiB = (process.memoryUsage().heapUsed - heap0) / (1024 * 1024);
  if (trace.violations.length > 0)
    throw new Error(`violations in the benchmark scenario: ${trace.violations[0]?.id}`);
  return { pages, ops, ms, heapMiB, microsteps: kept.length };
}

function detailedMicrosteps(n: number) {
  const config: EngineConfig = { ...DEFAULT_CONFIG, detailBudget: 1 << 30 };
  const r = migrateAndBack(n, config);
  return {
    pages: n,
    microsteps: r.microsteps,
    ms: r.totalMs,
    microstepsPerSecond: r.microsteps / (r.totalMs / 1000),
  };
}

function main(): void {
  migrateAndBack(4096); // warm-up (JIT)
  const big = migrateAndBack(65536);
  const detailed = detailedMicrosteps(4096);
  const trace = fullTrace(4096, 200);
  const lin1 = migrateAndBack(16384);
  const lin2 = migrateAndBack(32768);
  const tr1 = fullTrace(2048, 200);
  const tr2 = fullTrace(4096, 200);
  forkAndCow(4096, true); // warm-up
  const fork = forkAndCow(65536, false);
  const forkDev = forkAndCow(65536, true);
  const result = {
    migrateAndFaultBack: big,
    detailedMicrosteps: detailed,
    fullTrace: trace,
    fork,
    forkHalfOnDevice: forkDev,
    linearity: {
      migrateAndBack: {
        n: lin1.pages,
        nMs: lin1.totalMs,
        twoN: lin2.pages,
        twoNMs: lin2.totalMs,
        ratio: lin2.totalMs / lin1.totalMs,
      },
      trace: { n: tr1.pages, nMs: tr1.ms, twoN: tr2.pages, twoNMs: tr2.ms, ratio: tr2.ms / tr1.ms },
    },
    targets: {
      pageOpsPerSecond: { target: 1_000_000, met: big.pageOpsPerSecond >= 1_000_000 },
      traceMs: { target: 2000, met: trace.ms < 2000 },
      forkMs: { target: 1000, met: Math.max(fork.forkMs, forkDev.forkMs) < 1000 },
    },
  };
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d });
  const rows: [string, string][] = [
    ['65,536 pages to device', `${f(big.toDeviceMs)} ms`],
    ['65,536 pages faulted back', `${f(big.backMs)} ms`],
    ['pages moved / s', f(big.pagesMovedPerSecond)],
    [
      'page operations / s (target ≥ 1,000,000)',
      `${f(big.pageOpsPerSecond)} ${result.targets.pageOpsPerSecond.met ? '✓' : '✗'}`,
    ],
    ['micro-steps / s (every step recorded, 4,096 pages)', f(detailed.microstepsPerSecond)],
    [
      'full trace, 4,096 pages × 200 ops (target < 2 s)',
      `${f(trace.ms)} ms ${result.targets.traceMs.met ? '✓' : '✗'}`,
    ],
    [
      '  heap retained by the trace',
      `${f(trace.heapMiB, 1)} MiB (${f(trace.microsteps)} micro-steps)`,
    ],
    [
      `migrate+back ${f(lin1.pages)} → ${f(lin2.pages)} pages`,
      `×${f(result.linearity.migrateAndBack.ratio, 2)}`,
    ],
    [`trace ${f(tr1.pages)} → ${f(tr2.pages)} pages`, `×${f(result.linearity.trace.ratio, 2)}`],
    ...[fork, forkDev].flatMap((k): [string, string][] => {
      const where = k.devicePages > 0 ? `, ${f(k.devicePages)} on the device` : '';
      return [
        [
          `fork of ${f(k.pages)} written pages${where} (target < 1 s)`,
          `${f(k.forkMs)} ms (${f(k.forkPagesPerSecond)} pages/s) ${k.forkMs < 1000 ? '✓' : '✗'}`,
        ],
        [
          `  child writes all: copy-on-write`,
          `${f(k.cowMs)} ms (${f(k.cowPagesPerSecond)} pages/s)`,
        ],
        ['  child exits', `${f(k.exitMs)} ms`],
      ];
    }),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n');
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main();
