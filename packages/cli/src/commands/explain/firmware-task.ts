/**
 * The firmware-level remedies of a trace (another layout, another strategy): whole replays of its
 * what-if stream that need no diagnosis, so they run on a worker thread beside the rest of
 * `explain`. Reads the trace itself, so nothing large crosses threads.
 */
import { firmwareRemedies, type Remedy } from '@heaplab/analysis';
import { resolveConfig } from '@heaplab/core';
import { traceEvents } from '@heaplab/replay';

export interface FirmwareTask {
  readonly file: string;
  readonly mpyVersion: string;
}

export async function runFirmwareTask(task: FirmwareTask): Promise<Remedy[]> {
  const whatIf = await traceEvents(task.file, { mpyVersion: task.mpyVersion });
  return firmwareRemedies(resolveConfig(whatIf.config), whatIf.events, { source: 'trace', lines: whatIf.lines });
}
