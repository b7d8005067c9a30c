/** The worker thread's entry (piscina calls the default export with one task). */
import type { CellResult } from '@heaplab/analysis';
import { runCompareTask, type CompareTask } from './compare-task.js';

export default function compareWorker(task: CompareTask): Promise<CellResult> {
  return runCompareTask(task);
}
