/**
 * One task run beside this thread's own work: started at once on a worker thread of its own (so
 * the two use two cores). The caller starts one only when it has a second core to give it.
 */
import { openPool } from './worker-pool.js';

export interface TaskBesideOptions<T, R> {
  /** The worker module (its default export runs the task); a built `.js` file. */
  readonly worker: URL;
  /** The same work in this thread, when its result is asked for: run from the TypeScript sources, there is no worker module. */
  readonly inThread: (task: T) => Promise<R>;
}

/** A task under way: its result when asked for; `drop` ends it unread. */
export interface TaskBeside<R> {
  readonly result: () => Promise<R>;
  readonly drop: () => Promise<void>;
}

/** Run from its TypeScript sources (the in-process tests), the CLI has no built worker module to start. */
const fromSources = import.meta.url.endsWith('.ts');

/** Starts `task` beside this thread's work (see above). */
export function startBeside<T, R>(task: T, options: TaskBesideOptions<T, R>): TaskBeside<R> {
  if (fromSources) return { result: () => options.inThread(task), drop: () => Promise.resolve() };
  const pool = openPool<T, R>(options.worker, 1);
  const running = pool.run(task);
  // Read only through `result`: a failure nobody asks for (the input is bad, and this thread says so) is not an unhandled rejection.
  running.catch(() => {});
  return {
    result: () => running.finally(() => pool.destroy()),
    drop: () => pool.destroy(),
  };
}
