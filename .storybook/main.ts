import type { StorybookConfig } from '@storybook/react-vite';
import type { PluginOption } from 'vite';

/**
 * The app's Content-Security-Policy plugin (vite.config.ts, `hmm-lab:csp`) is for the app's own
 * index.html. Storybook's builder loads vite.config.ts too, and the policy would block the
 * inline scripts and styles of Storybook's iframe.html, so the built Storybook drops it.
 */
function withoutCsp(plugins: PluginOption[]): PluginOption[] {
  return plugins
    .filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'hmm-lab:csp'))
    .map((p) => (Array.isArray(p) ? withoutCsp(p) : p));
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-vitest'],
  framework: '@storybook/react-vite',
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Asset URLs stay relative (Storybook's Vite builder sets `base: './'`, as vite.config.ts
  // does), so storybook-static/ works from any sub-path: scripts/check-storybook-subpath.mjs.
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    base: './',
    plugins: withoutCsp(viteConfig.plugins ?? []),
  }),
};
export default config;
