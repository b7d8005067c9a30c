/**
 * A static file server for one folder, on the loopback address: what `heaplab serve` runs. GET
 * and HEAD only; `/` is `index.html`; nothing outside the folder is served.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** A running server: where it listens, and how to stop it. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves `dir` on 127.0.0.1 at `port` (0: any free port). Rejects with the listen error (e.g.
 * `EADDRINUSE`) when the port cannot be had.
 */
export function startStaticServer(dir: string, port: number): Promise<StaticServer> {
  const root = normalize(dir);
  const server = createServer((request, response) => {
    void respond(root, request.method ?? 'GET', request.url ?? '/', response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${bound}/`, port: bound, close: () => closeServer(server) });
    });
  });
}

async function respond(root: string, method: string, url: string, response: ServerResponse): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = fileFor(root, url);
  const size =
    file === null
      ? null
      : await stat(file)
          .then((s) => (s.isFile() ? s.size : null))
          .catch(() => null);
  if (file === null || size === null) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (method === 'HEAD') response.end();
  // A file that goes away between the stat and the read ends that response, not the server.
  else pipeline(createReadStream(file), response, () => {});
}

/** The file a URL path names inside `root`; null when it would leave it or cannot be read. */
function fileFor(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  return file === root || file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`) ? file : null;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
