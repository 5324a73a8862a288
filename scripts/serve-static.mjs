// A small static file server for the built site, used by the e2e tests and the bench. It serves
// `dir` under a URL prefix (e.g. /courses/os/hmm-lab/) to prove the site works from a sub-path
// of a static host, and answers 404 for anything outside it, as a plain static host would.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` at http://127.0.0.1:<port><prefix>. Resolves to { url, close }.
 * @param {string} dir
 * @param {{ prefix?: string, port?: number }} [options]
 */
export function serveStatic(dir, { prefix = '/', port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      ok({
        url: `http://127.0.0.1:${actualPort}${prefix}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done(undefined));
            // Browsers keep connections alive; a static host's shutdown need not wait for them.
            server.closeAllConnections();
          }),
      });
    });
  });
}
