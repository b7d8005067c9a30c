/** The worker thread's entry (piscina calls the default export with one task). */
import { runFuzzTask, type FuzzRun, type FuzzTask } from './fuzz-task.js';

export default function fuzzWorker(task: FuzzTask): Promise<FuzzRun> {
  return runFuzzTask(task);
}
