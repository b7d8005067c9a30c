/**
 * `heaplab ops FILE`: runs a scenario script and prints its transcript. The whole script is
 * checked before anything runs, so a bad line prints only the error.
 */
import { parseOps, runOps, versionProfile } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { readInputText } from '../../io/read-input.js';
import { versionText } from '../../render/version-text.js';

export interface OpsCommandOptions {
  readonly mpyVersion: string;
  readonly splitHeap?: boolean;
}

export async function ops(file: string, options: OpsCommandOptions, output: Output): Promise<ExitCode> {
  const text = await readInputText(file);
  const script = parseOps(text, file);
  const { transcript } = runOps(script, { file, mpyVersion: options.mpyVersion, splitHeap: options.splitHeap });
  // The transcript has no header (its format is the real allocator's): a version modelled as another is said on standard error.
  const profile = versionProfile(options.mpyVersion);
  if (profile !== undefined && versionText(profile) !== profile.version) output.err(`heaplab ops ${file}: MicroPython ${versionText(profile)}\n`);
  output.out(transcript);
  return EXIT.ok;
}
