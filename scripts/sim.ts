/**
 * The headless runner (docs/scenario-format.md):
 *
 *   npm run --silent sim -- <scenario.json | ->             trace JSON on stdout
 *   npm run --silent sim -- <scenario.json | -> --summary   a readable table of every step
 *   npm run --silent sim -- <scenario.json | -> --url       the share link fragment (#s=1.…)
 *
 * Exit 0 when the scenario ran (errors of ops are results), 1 when the document is invalid
 * (stderr names the JSON path, stdout stays empty), 2 on a usage error. Deterministic.
 */
import { readFileSync } from 'node:fs';
import type { StepResult, Trace } from '../src/engine/index';
import { runScenarioWithMachines } from '../src/machines';
import { formatError, loadScenario } from '../src/scenarios/load';
import { encodeLink } from '../src/url/codec';

const USAGE = 'usage: npm run --silent sim -- <scenario.json | -> [--summary | --url]';

function usage(message: string): never {
  process.stderr.write(`sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { input: string; mode: 'trace' | 'summary' | 'url' } {
  let input: string | null = null;
  let mode: 'trace' | 'summary' | 'url' = 'trace';
  for (const a of argv) {
    if (a === '--summary' || a === '--url') {
      const m = a === '--summary' ? 'summary' : 'url';
      if (mode !== 'trace' && mode !== m) usage('--summary and --url cannot be combined');
      mode = m;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (input === null) {
      input = a;
    } else {
      usage(`unexpected argument ${a}`);
    }
  }
  if (input === null) usage('missing scenario file (or - for stdin)');
  return { input, mode };
}

function readInput(input: string): string {
  try {
    return input === '-' ? readFileSync(0, 'utf8') : readFileSync(input, 'utf8');
  } catch (e) {
    return usage(`cannot read ${input === '-' ? 'stdin' : input}: ${(e as Error).message}`);
  }
}

function cell(r: StepResult): string {
  const parts: string[] = [];
  if (r.cpages !== undefined) parts.push(`cpages=${r.cpages}`);
  if (r.faults !== undefined) parts.push(`faults=${r.faults}`);
  const list = (xs: readonly number[], hex: boolean) => {
    const shown = xs
      .slice(0, 8)
      .map((x) => (hex ? `0x${x.toString(16).padStart(2, '0')}` : String(x)));
    return `[${shown.join(' ')}${xs.length > 8 ? ` …+${xs.length - 8}` : ''}]`;
  };
  if (r.data !== undefined) parts.push(`data=${list(r.data, false)}`);
  if (r.prot !== undefined) parts.push(`prot=${list(r.prot, true)}`);
  if (r.signal !== undefined) parts.push(`signal=${r.signal}@${r.signalPage ?? '?'}`);
  if (r.gm !== undefined)
    parts.push(
      [
        r.gm.ret,
        r.gm.id !== undefined ? `id=${r.gm.id}` : '',
        r.gm.nid !== undefined ? `nid=${r.gm.nid}` : '',
      ]
        .filter((x) => x !== '')
        .join(' '),
    );
  if (r.error !== undefined) parts.push(`(${r.error})`);
  if (r.threads !== undefined)
    parts.push(`threads=[${r.threads.map((t) => t.errno ?? t.ret).join(' ')}]`);
  if (r.outcome !== undefined)
    parts.push(`${r.outcome.kind.toUpperCase()} (${r.outcome.invariant})`);
  if (r.notRun !== undefined) parts.push(`(${r.notRun})`);
  return parts.join(' ');
}

function summary(trace: Trace, steps: readonly object[]): string {
  const rows = trace.results.map((r, i) => {
    const s: object = steps[i] ?? { op: r.op };
    const args = Object.entries(s)
      .filter(([k]) => k !== 'op')
      .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.length}]` : String(v)}`)
      .join(' ');
    return [String(r.step), r.op, args, String(r.ret), r.errno ?? '', cell(r)];
  });
  const head = ['step', 'op', 'args', 'ret', 'errno', 'result'];
  const widths = head.map((h, c) =>
    Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((x, c) => x.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push('', `micro-steps: ${trace.microsteps}`, `violations: ${trace.violations.length}`);
  for (const v of trace.violations) out.push(`  step ${v.step}: ${v.id} ${v.detail}`);
  if (trace.final.halted !== undefined)
    out.push(`kernel halted: ${trace.final.halted.kind} (${trace.final.halted.invariant})`);
  return `${out.join('\n')}\n`;
}

function main(): void {
  const { input, mode } = parseArgs(process.argv.slice(2));
  const loaded = loadScenario(readInput(input));
  if (!loaded.ok) {
    process.stderr.write(loaded.errors.map((e) => `${formatError(e)}\n`).join(''));
    process.exit(1);
  }
  if (mode === 'url') {
    // The same link as the app's Copy link at position 0 with the default view.
    process.stdout.write(`${encodeLink({ scenario: loaded.doc })}\n`);
    return;
  }
  const trace = runScenarioWithMachines(loaded.doc);
  if (mode === 'summary') process.stdout.write(summary(trace, loaded.doc.steps));
  else process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
}

main();
