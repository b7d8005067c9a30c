/**
 * Interpreter threads that end without taking the process down: on Node 20 an optimising compile
 * still running in the background for a thread's isolate as the thread ends can abort the process
 * (the CLI's `worker-pool.ts` says how; `scripts/stress-worker-teardown.mjs` reproduces it).
 */
import { setFlagsFromString } from 'node:v8';

/** Makes every worker thread started after this call optimise its code on its own thread. */
export function optimiseInWorkerThreads(): void {
  setFlagsFromString('--no-concurrent-recompilation');
}
