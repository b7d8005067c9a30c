/** `runTasks`: one pool of worker threads, results in task order, and a campaign that stops at its first hit in order. */
import { describe, expect, it } from 'vitest';
import { defaultWorkers, runTasks, workersFor } from '../src/task-pool.js';

const worker = new URL('./fixtures/workers/square-worker.mjs', import.meta.url);
const inThread = async (n: number): Promise<number> => n * n;
const tasks = Array.from({ length: 40 }, (_, i) => i);

describe('runTasks', () => {
  it('gives every result in task order, on threads or in this one', async () => {
    const want = tasks.map((n) => n * n);
    expect(await runTasks(tasks, { workers: 2, worker, inThread })).toEqual(want);
    expect(await runTasks(tasks, { workers: 1, worker, inThread })).toEqual(want);
  });

  it('stops at the first result in task order that stopAt accepts, though later tasks finish sooner', async () => {
    let finished = 0;
    const stopAt = (square: number): boolean => square > 100 && square % 2 === 1;
    const threads = await runTasks(tasks, { workers: 2, worker, inThread, stopAt, onDone: () => finished++ });
    expect(threads).toEqual(tasks.slice(0, 12).map((n) => n * n));
    // No task starts long after the hit: at most the window of 4 a thread ahead of it.
    expect(finished).toBeLessThanOrEqual(12 + 2 * 4);
    expect(await runTasks(tasks, { workers: 1, worker, inThread, stopAt })).toEqual(threads);
  });
});

describe('workersFor', () => {
  it('gives a small campaign one thread and a large one a thread per core', () => {
    expect(workersFor(0)).toBe(1);
    expect(workersFor(999_999)).toBe(1);
    expect(workersFor(2_000_000)).toBe(Math.min(2, defaultWorkers()));
    expect(workersFor(1e12)).toBe(defaultWorkers());
  });
});
