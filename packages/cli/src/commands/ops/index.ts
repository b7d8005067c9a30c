/**
 * `heaplab ops FILE`: runs a scenario script and prints its transcript. The whole script is
 * checked before anything runs, so a bad line prints only the error.
 */
import { parseOps, runOps } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { readInputText } from '../../io/read-input.js';

export interface OpsCommandOptions {
  readonly mpyVersion: string;
  readonly splitHeap?: boolean;
}

export async function ops(file: string, options: OpsCommandOptions, output: Output): Promise<ExitCode> {
  const text = await readInputText(file);
  const script = parseOps(text, file);
  const { transcript } = runOps(script, { file, mpyVersion: options.mpyVersion, splitHeap: options.splitHeap });
  output.out(transcript);
  return EXIT.ok;
}
