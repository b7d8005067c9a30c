/** The worker thread's entry (piscina calls the default export with one task). */
import type { PolicyTrial } from '@heaplab/analysis';
import { runFirmwareTask, type FirmwareTask } from './firmware-task.js';

export default function firmwareWorker(task: FirmwareTask): Promise<PolicyTrial[]> {
  return runFirmwareTask(task);
}
