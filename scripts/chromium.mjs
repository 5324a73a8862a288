// Where the tests and the bench find a browser. Test tools never download one: we use the
// system's Chromium (Debian: `apt-get install chromium`), or whatever CHROMIUM_PATH names.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser executable: $CHROMIUM_PATH, else the first system Chromium found. */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p)) ?? '/usr/bin/chromium';
}

/**
 * Launch options for playwright-core. The background-networking flags matter: without them
 * Chromium keeps trying to reach Google's hosts, which a closed network refuses.
 */
export function chromiumLaunchOptions() {
  return {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  };
}
