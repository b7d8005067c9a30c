/**
 * Running independent tasks on worker threads (piscina) or, with one worker, in this thread.
 * Results come back in task order whatever order the threads finish in.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/** Worker threads when `--workers` is not given: one per core, at most 8. */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), 8);
}

export interface TaskPoolOptions<T, R> {
  readonly workers: number;
  /** The worker module (its default export runs one task); a built `.js` file. */
  readonly worker: URL;
  /** The same work in this thread, for one worker. */
  readonly inThread: (task: T) => Promise<R>;
  /** Called as each task finishes. */
  readonly onDone?: () => void;
}

/** The results of `tasks`, in order. */
export async function runTasks<T, R>(tasks: readonly T[], options: TaskPoolOptions<T, R>): Promise<R[]> {
  const done = <V>(value: V): V => {
    options.onDone?.();
    return value;
  };
  if (options.workers <= 1 || tasks.length <= 1) {
    const results: R[] = [];
    for (const task of tasks) results.push(done(await options.inThread(task)));
    return results;
  }
  const pool = new Piscina<T, R>({ filename: options.worker.href, minThreads: options.workers, maxThreads: options.workers });
  try {
    return await Promise.all(tasks.map((task) => pool.run(task).then(done)));
  } finally {
    await pool.destroy();
  }
}
