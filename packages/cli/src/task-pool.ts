/**
 * Running independent tasks on one pool of warm worker threads (piscina) or, with one worker, in
 * this thread. Results come back in task order whatever order the threads finish in.
 */
import { availableParallelism } from 'node:os';
import { openPool } from './worker-pool.js';

/** Worker threads when `--workers` is not given: one per core, at most 8. */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), 8);
}

/**
 * Engine events a worker thread must have to run for it to pay: starting one and loading the
 * engine into it costs about as much as a quarter of this, so a thread given less would make the
 * campaign slower than one thread.
 */
const EVENTS_PER_WORKER = 1_000_000;

/**
 * Worker threads for a campaign of about `events` engine events in all, when `--workers` is not
 * given: one per core, but no more than the campaign keeps busy; a small one runs in this thread.
 */
export function workersFor(events: number): number {
  return Math.max(1, Math.min(defaultWorkers(), Math.floor(events / EVENTS_PER_WORKER)));
}

export interface TaskPoolOptions<T, R> {
  readonly workers: number;
  /** The worker module (its default export runs one task); a built `.js` file. */
  readonly worker: URL;
  /** The same work in this thread, for one worker. */
  readonly inThread: (task: T) => Promise<R>;
  /** Called as each task finishes. */
  readonly onDone?: () => void;
  /**
   * Stop at the first result (in task order) this accepts: the results end with it, and no task
   * after it starts once it is known. Tasks then start in order, a few per thread ahead of the
   * results read, so little work is thrown away.
   */
  readonly stopAt?: (result: R) => boolean;
}

/** Tasks in flight per thread while a `stopAt` campaign waits for its results in order. */
const AHEAD_PER_THREAD = 4;

/** The results of `tasks`, in order (up to the one `stopAt` accepted, if any). */
export async function runTasks<T, R>(tasks: readonly T[], options: TaskPoolOptions<T, R>): Promise<R[]> {
  const stopAt = options.stopAt ?? (() => false);
  const done = <V>(value: V): V => {
    options.onDone?.();
    return value;
  };
  // A thread with no task would only load the engine.
  const threads = Math.min(options.workers, tasks.length);
  if (threads <= 1) {
    const results: R[] = [];
    for (const task of tasks) {
      const result = done(await options.inThread(task));
      results.push(result);
      if (stopAt(result)) break;
    }
    return results;
  }
  const pool = openPool<T, R>(options.worker, threads);
  try {
    if (options.stopAt === undefined) return await Promise.all(tasks.map((task) => pool.run(task).then(done)));
    // A sliding window over the tasks in order: a task starts as the oldest result is read.
    const running: Promise<R>[] = [];
    const start = (i: number): void => {
      if (i >= tasks.length) return;
      const result = pool.run(tasks[i]!).then(done);
      // Tasks still running at the stop are cut off by the pool's end: a rejection nobody reads.
      result.catch(() => {});
      running.push(result);
    };
    for (let i = 0; i < threads * AHEAD_PER_THREAD; i++) start(i);
    const results: R[] = [];
    for (let i = 0; i < running.length; i++) {
      const result = await running[i]!;
      results.push(result);
      if (stopAt(result)) break;
      start(running.length);
    }
    return results;
  } finally {
    await pool.destroy();
  }
}
