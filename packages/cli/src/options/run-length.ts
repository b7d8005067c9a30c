/** `--length`: the events of a workload run, the workload's own number unless given. */
import { HeapInputError } from '@heaplab/core';
import { MAX_RUN_LENGTH, type Workload } from '@heaplab/workloads';
import { wholeNumber } from './whole-number.js';

/** Events per run of `workload`: `text` (at most `MAX_RUN_LENGTH`), or its default length. Throws `HeapInputError` for bad input. */
export function runLength(text: string | undefined, workload: Workload): number {
  if (text === undefined) return workload.defaultLength;
  const length = wholeNumber(text, '--length');
  if (length > MAX_RUN_LENGTH)
    throw new HeapInputError(`expected at most ${MAX_RUN_LENGTH} events per run (heaplab's limit), got ${length}`, { field: '--length' });
  return length;
}
