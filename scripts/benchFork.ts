/**
 * The fork workload of the engine benchmark (scripts/bench-engine.ts): a process with `n`
 * written pages — all in system memory, or half of them migrated to device-private memory —
 * forks (copy_page_range: every entry shared read-only, device-private entries too), the child
 * writes every page (do_wp_page → wp_page_copy for each; a shared device-private page first
 * goes back to system memory through migrate_to_ram), then the child exits.
 */
import { applyStep, createWorld, type Step, type World } from '../src/engine/index';

export interface ForkBench {
  readonly pages: number;
  readonly devicePages: number;
  readonly forkMs: number;
  readonly forkPagesPerSecond: number;
  readonly cowMs: number;
  readonly cowPagesPerSecond: number;
  readonly exitMs: number;
}

function must(w: World, s: Step, i: number) {
  const r = applyStep(w, s, i);
  if (r.result.ret !== 0 || r.violations.length > 0) {
    throw new Error(
      `fork benchmark: ${s.op} returned ${r.result.ret}, ${r.violations.length} violations`,
    );
  }
  return r;
}

export function forkAndCow(n: number, deviceHalf: boolean): ForkBench {
  const devicePages = deviceHalf ? n >> 1 : 0;
  let w = createWorld({
    systemPages: 2 * n + 1024,
    devices: [{ name: 'dev0', memory: 'private', pages: Math.max(1, devicePages) }],
  });
  const setup: Step[] = [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: n, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: n, value: 7 },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
  ];
  if (devicePages > 0) setup.push({ op: 'dev.migrate', mirror: 'm0', page: 0, count: devicePages });
  setup.forEach((s, i) => (w = must(w, s, i).world));
  const t0 = performance.now();
  const forked = must(w, { op: 'fork', proc: 'A', child: 'B' }, setup.length);
  const t1 = performance.now();
  const cow = must(
    forked.world,
    { op: 'cpu.write', proc: 'B', page: 0, count: n, value: 9 },
    setup.length + 1,
  );
  const t2 = performance.now();
  const exited = must(cow.world, { op: 'exit', proc: 'B' }, setup.length + 2);
  const t3 = performance.now();
  // CoW isolation: the parent still reads its own values, at both ends of the range.
  for (const page of [0, n - 1]) {
    const r = must(exited.world, { op: 'cpu.read', proc: 'A', page, count: 1 }, 0);
    if (r.result.data?.[0] !== 7) throw new Error(`fork benchmark: the parent lost page ${page}`);
  }
  return {
    pages: n,
    devicePages,
    forkMs: t1 - t0,
    forkPagesPerSecond: n / ((t1 - t0) / 1000),
    cowMs: t2 - t1,
    cowPagesPerSecond: n / ((t2 - t1) / 1000),
    exitMs: t3 - t2,
  };
}
