/**
 * Options that choose how a workload runs, refused on a trace: a trace is one recorded run, and an
 * option it cannot honour must not be dropped silently (the output would claim a run that was not
 * made). Each refusal says why that option has no meaning for a trace, and where there is one,
 * the command that does what the user asked of the trace.
 */
import { statSync } from 'node:fs';
import { HeapInputError } from '@heaplab/core';
import { shellWord } from '../render/shell-word.js';

/** The workload-only options, by their name in commander's options object. */
export type WorkloadOnlyOption = 'seed' | 'seedName' | 'seeds' | 'length' | 'board' | 'areas' | 'strategy';

const FLAGS: Record<WorkloadOnlyOption, string> = {
  seed: '--seed',
  seedName: '--seed-name',
  seeds: '--seeds',
  length: '--length',
  board: '--board',
  areas: '--areas',
  strategy: '--strategy',
};

/** Why the option means nothing for `trace` (a file name). */
function reason(option: WorkloadOnlyOption, trace: string): string {
  const file = shellWord(trace);
  switch (option) {
    case 'seed':
    case 'seedName':
    case 'seeds':
      return 'a trace is one recorded run, with no seed to choose';
    case 'length':
      return 'a trace replays the events it recorded, to its end';
    case 'board':
    case 'areas':
      return `a trace runs on the heap it was recorded on (heaplab compare ${file} --areas LAYOUT runs it on another)`;
    case 'strategy':
      return `a trace runs under the allocator it was recorded with (heaplab compare ${file} --strategies LIST runs it under others)`;
  }
}

/**
 * Throws `HeapInputError` for the first of `options` the user gave (a value, or a non-empty list),
 * naming the flag and why it does not apply to the trace `trace`. A name that is no file is left
 * to the read that follows, which says so: it may be a mistyped workload, not a trace.
 */
export function refuseWorkloadOptions(
  trace: string,
  given: Partial<Record<WorkloadOnlyOption, string | readonly string[] | undefined>>,
  options: readonly WorkloadOnlyOption[],
): void {
  if (statSync(trace, { throwIfNoEntry: false })?.isFile() !== true) return;
  for (const option of options) {
    const value = given[option];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const flag = FLAGS[option];
    throw new HeapInputError(`${flag} applies to a workload; ${reason(option, trace)}`, { field: flag });
  }
}
