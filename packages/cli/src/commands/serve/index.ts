/**
 * `heaplab serve [--port N] [--dir DIR]`: serves the web page (packages/web's build) on this
 * machine and prints its address. The page runs in the browser alone: the server only hands out
 * its files.
 */
import { HeapInputError } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { startStaticServer } from './static-server.js';
import { findWebPage } from './web-page.js';

export interface ServeCommandOptions {
  /** `--port N`, as typed (default 8080; 0 takes any free port). */
  readonly port?: string;
  /** `--dir DIR`: the built page to serve (default: the page this CLI carries, else packages/web/dist of heaplab's repository). */
  readonly dir?: string;
}

const DEFAULT_PORT = 8080;

/** Serves the page until `until` settles (by default: Ctrl-C or SIGTERM). */
export async function serve(options: ServeCommandOptions, output: Output, until: Promise<void> = stopSignal()): Promise<ExitCode> {
  const port = options.port === undefined ? DEFAULT_PORT : portNumber(options.port);
  const dir = findWebPage(options.dir);
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
