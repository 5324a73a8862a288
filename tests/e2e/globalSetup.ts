import { resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/serve-static.mjs';

/** Where the e2e tests reach the built site: under a sub-path, as on a course's static host. */
export const E2E_PREFIX = '/courses/os/hmm-lab/';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Builds the production site once and serves it for every e2e test file. */
export default async function setup(project: TestProject) {
  const outDir = resolve(import.meta.dirname, '../../test-results/e2e-dist');
  await build({
    logLevel: 'warn',
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  const server = await serveStatic(outDir, { prefix: E2E_PREFIX });
  project.provide('baseURL', server.url);
  return async () => server.close();
}
