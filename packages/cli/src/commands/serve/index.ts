/**
 * `heaplab serve [--port N] [--dir DIR]`: serves the web page (packages/web's build) on this
 * machine and prints its address. The page runs in the browser alone: the server only hands out
 * its files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { startStaticServer } from './static-server.js';

export interface ServeCommandOptions {
  /** `--port N`, as typed (default 8080; 0 takes any free port). */
  readonly port?: string;
  /** `--dir DIR`: the built page to serve (default: packages/web/dist of this repository). */
  readonly dir?: string;
}

/** The web page's build in this repository: packages/web/dist, beside the CLI's package. */
function webDist(): string {
  // The CLI runs from src/, dist/ or its bundle/, at different depths: look up for its package.json.
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@heaplab/cli')
      return join(dir, '..', 'web', 'dist');
  }
  return join(process.cwd(), 'packages', 'web', 'dist');
}
const DEFAULT_PORT = 8080;

/** Serves the page until `until` settles (by default: Ctrl-C or SIGTERM). */
export async function serve(options: ServeCommandOptions, output: Output, until: Promise<void> = stopSignal()): Promise<ExitCode> {
  const port = options.port === undefined ? DEFAULT_PORT : portNumber(options.port);
  const dir = options.dir ?? webDist();
  if (!existsSync(join(dir, 'index.html'))) {
    const how = options.dir === undefined ? ': build it with pnpm --filter @heaplab/web build, or pass --dir' : '';
    throw new HeapInputError(`no web page to serve: ${join(dir, 'index.html')} does not exist${how}`, {
      field: options.dir === undefined ? undefined : '--dir',
    });
  }
  const server = await startStaticServer(dir, port).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
      throw new HeapInputError(`port ${port} ${error.code === 'EADDRINUSE' ? 'is in use' : 'is not allowed'}; choose another`, { field: '--port' });
    throw error;
  });
  output.out(`heaplab serve: the web page is at ${server.url} (this machine only; Ctrl-C stops)\n`);
  await until;
  await server.close();
  return EXIT.ok;
}

/** `--port`: a whole number from 0 to 65535. */
function portNumber(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new HeapInputError(`expected a port number from 0 to 65535, got ${JSON.stringify(text)}`, { field: '--port' });
  return port;
}

/** Settles on the first Ctrl-C or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
