/**
 * Worker threads that end without taking the process down. On Node 20 a thread's isolate leaves
 * the platform before it is disposed, so an optimising compile still running in the background
 * for it can abort the whole process as the thread ends (`NodePlatform::ForIsolate … Assertion
 * failed`; fixed upstream by disposing first, v8/node#208; `scripts/stress-worker-teardown.mjs`
 * reproduces it). Isolates made after the flag below optimise on their own thread instead, so no
 * such compile exists; this thread's isolate keeps compiling in the background.
 *
 * piscina loads when the first pool opens, not with the command: loading it takes about 30 ms,
 * which a command that runs in one thread (a small input, `--workers 1`) would pay for nothing.
 * It loads synchronously, so a pool opened before a long computation starts its threads at once.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Piscina } from 'piscina';

const load = createRequire(import.meta.url);

/** A pool of `threads` warm threads running the default export of the built module `worker`. */
export function openPool<T, R>(worker: URL, threads: number): Piscina<T, R> {
  setFlagsFromString('--no-concurrent-recompilation');
  const { Piscina: Pool } = load('piscina') as typeof import('piscina');
  return new Pool<T, R>({ filename: worker.href, minThreads: threads, maxThreads: threads });
}
