/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

/**
 * The Content-Security-Policy of the built site. It only goes into the production build: Vite's
 * dev server injects inline scripts (HMR, React Refresh) that this policy forbids on purpose.
 * `frame-ancestors` cannot be set from a meta tag, and embedding is wanted anyway.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'hmm-lab:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

const dirname = import.meta.dirname;

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    // No inlined data: URLs for scripts; everything is a same-origin file the CSP allows.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Property tests run hundreds of scenarios: on a loaded two-core CI machine a few
          // take more than vitest's default 5 s, which is not a failure of the code.
          testTimeout: 30_000,
          include: ['tests/{unit,property,model,conformance}/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          setupFiles: ['tests/setup/jest-dom.ts'],
          include: ['tests/component/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: `${dirname}/.storybook` })],
        optimizeDeps: {
          include: ['react', 'react-dom', 'react-dom/client', 'xstate', '@xstate/react', 'zustand'],
        },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
