/**
 * Where `fuzz --minimize` writes its reproducers: `fuzz-NAME/NAME-seed-SEED.events`, NAME being
 * the workload's name (a spec's `name`, not its path). The name and the seed become one file
 * name part each, so that neither can lead out of the folder. All of them are checked before the
 * campaign runs, so that a name in the way costs no work and nothing is written.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { checkOutputDir } from '../../io/output-dir.js';
import { checkOutputFile } from '../../io/write-output.js';

/** `text` as part of one file name: every character other than a letter, digit, `.`, `_` or `-` becomes `_`. */
export function fileNamePart(text: string): string {
  return text.replace(/[^\w.-]/g, '_');
}

/** The folder reproducers go to without `--out-dir`. */
export function defaultReproducerDir(workloadName: string): string {
  return `fuzz-${fileNamePart(workloadName)}`;
}

/** The reproducer file of `seed`. */
export function reproducerFile(dir: string, workloadName: string, seed: string): string {
  return join(dir, `${fileNamePart(workloadName)}-seed-${fileNamePart(seed)}.events`);
}

/**
 * Throws `HeapInputError` when a reproducer of one of `seeds` could not be written: the folder
 * cannot be made, a file exists (without `force`) or is one of `inputs`, or two seeds would
 * write the same file.
 */
export async function checkReproducerFiles(
  dir: string,
  workloadName: string,
  seeds: readonly string[],
  force: boolean,
  inputs: readonly string[],
): Promise<void> {
  await checkOutputDir(dir, '--out-dir');
  const bySeed = new Map<string, string>();
  for (const seed of seeds) {
    const file = reproducerFile(dir, workloadName, seed);
    const twin = bySeed.get(file);
    if (twin !== undefined)
      throw new HeapInputError(`seeds ${JSON.stringify(twin)} and ${JSON.stringify(seed)} would both write this reproducer; rename one`, { file });
    bySeed.set(file, seed);
  }
  if (!(await exists(dir))) return;
  for (const file of bySeed.keys()) await checkOutputFile(file, force, inputs);
}

function exists(dir: string): Promise<boolean> {
  return stat(dir).then(
    () => true,
    () => false,
  );
}
