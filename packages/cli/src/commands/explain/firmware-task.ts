/**
 * A share of a trace's firmware-level remedy trials (another layout, another strategy): whole
 * replays of its what-if stream that need no diagnosis, so they run on a worker thread beside the
 * rest of `explain`, which replays the other share. Reads the trace itself, so nothing large
 * crosses threads.
 */
import { tryPolicies, type PolicyTrial } from '@heaplab/analysis';
import { resolveConfig } from '@heaplab/core';
import { isEngineTrace, traceEvents } from '@heaplab/replay';
import { remedySource } from '../../swept-only.js';

export interface FirmwareTask {
  readonly file: string;
  readonly mpyVersion: string;
  /** The trials to run: every `parts`-th from the `part`-th (see `PolicyTrialOptions.share`). */
  readonly share: { readonly part: number; readonly parts: number };
}

export async function runFirmwareTask(task: FirmwareTask): Promise<PolicyTrial[]> {
  const whatIf = await traceEvents(task.file, { mpyVersion: task.mpyVersion });
  const source = remedySource(await isEngineTrace(task.file), whatIf.events);
  return tryPolicies(resolveConfig(whatIf.config), whatIf.events, { source, lines: whatIf.lines, share: task.share });
}
