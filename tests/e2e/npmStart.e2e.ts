import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

/**
 * The README's first command, for real: `npm start` builds the site and serves it on the
 * printed localhost URL, and the served page renders the shell without a console error.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let server: ChildProcess | undefined;
let url = '';
let browser: Browser;

beforeAll(async () => {
  server = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start printed no URL:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.on('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  // npm runs vite in a child; kill the whole process group.
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

test('npm start serves the app on the default scenario with no console error', async () => {
  expect(url).toBe('http://127.0.0.1:4173/');
  const { page, problems, close } = await openPage(browser);
  await page.goto(url);
  await page.getByTestId('timeline').waitFor();
  expect(await page.getByRole('heading', { name: 'HMM Lab' }).isVisible()).toBe(true);
  expect(await page.getByTestId('scenario-picker').inputValue()).toBe('default');
  expect(problems).toEqual({ errors: [], foreignRequests: [] });
  await close();
});
