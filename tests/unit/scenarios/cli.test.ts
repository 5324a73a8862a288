/** The headless runner: exit codes, stderr messages, determinism, --summary, --url. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../../src/scenarios/load';
import { decodeScenario, encodeLink } from '../../../src/url/codec';

const ROOT = join(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const DEFAULT = join(ROOT, 'src/scenarios/default.json');

/** Runs the CLI as `npm run sim` does (tsx scripts/sim.ts), asynchronously. */
function sim(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/sim.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('sim CLI', { timeout: 60_000 }, () => {
  test('exit 0 with the trace JSON; deterministic bytes; stdin works', async () => {
    const [a, b] = await Promise.all([sim([DEFAULT]), sim(['-'], readFileSync(DEFAULT, 'utf8'))]);
    expect(a.code).toBe(0);
    const trace = JSON.parse(a.stdout);
    expect(trace.format).toBe('hmm-lab/trace@1');
    expect(trace.violations).toEqual([]);
    expect(trace.results[5]).toMatchObject({
      op: 'dev.read',
      ret: 0,
      errno: null,
      cpages: 4,
      faults: 1,
    });
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  test('exit 1 on an invalid document: stderr names the path, stdout stays empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'hmm-lab/scenario@1',
        title: 'bad',
        machine: { systemPages: 4, devices: [] },
        steps: [
          { op: 'spawn', proc: 'A' },
          { op: 'spawn', proc: 'B' },
          { op: 'spawn', proc: 'C' },
          { op: 'munmap', proc: 'A', page: 0, count: -1 },
        ],
      }),
    );
    const r = await sim([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('steps[3].count: expected a positive integer\n');
  });

  test('exit 2 on usage errors', async () => {
    const [none, flag, missing] = await Promise.all([
      sim([]),
      sim([DEFAULT, '--frobnicate']),
      sim(['/no/such/file.json']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage:/);
    expect(flag.code).toBe(2);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
  });

  test('--summary prints a table of every step; --url prints a fragment that decodes', async () => {
    const [s, u] = await Promise.all([sim([DEFAULT, '--summary']), sim([DEFAULT, '--url'])]);
    expect(s.code).toBe(0);
    expect(s.stdout.split('\n')[0]).toMatch(/^step\s+op\s+args\s+ret\s+errno\s+result/);
    expect(s.stdout).toMatch(/dev\.migrate\s+mirror=m0 page=0 count=4\s+0\s+cpages=4/);
    expect(u.code).toBe(0);
    expect(decodeScenario(u.stdout.trim()).ok).toBe(true);
    // The app's Copy link at position 0 with the default view.
    const loaded = loadScenario(readFileSync(DEFAULT, 'utf8'));
    expect(loaded.ok && u.stdout).toBe(loaded.ok && `${encodeLink({ scenario: loaded.doc })}\n`);
  });
});
