/**
 * `--workers K`: worker threads for a campaign. Each thread loads the engine (tens of MB and
 * about half a second of CPU), so more threads than the machine can run at once only cost.
 */
import { availableParallelism } from 'node:os';
import { HeapInputError } from '@heaplab/core';
import { wholeNumber } from './whole-number.js';

/** The most threads `--workers` accepts: four per core, at least 16. */
export function maxWorkers(): number {
  return Math.max(16, 4 * availableParallelism());
}

/** The thread count `text` asks for: a whole number from 1 to `maxWorkers()`. */
export function workerCount(text: string): number {
  const n = wholeNumber(text, '--workers');
  const most = maxWorkers();
  if (n > most)
    throw new HeapInputError(`expected at most ${most} threads (this machine runs ${availableParallelism()} at once), got ${n}`, { field: '--workers' });
  return n;
}
