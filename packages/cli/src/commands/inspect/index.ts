/**
 * `heaplab inspect DUMP`: statistics, fragmentation and a picture of a pasted `mem_info(1)` dump
 * (or its bare map), and with `--fits BYTES` whether one more allocation would succeed, and where.
 */
import { HeapInputError } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import type { InputStream } from '../../io/read-input.js';
import { readDumpText } from '../../io/read-dump.js';
import { renderInspect, inspectJson } from './render.js';
import { inspectDump } from './report.js';
import { jsonLine } from '../../render/json-line.js';

/** The command line's options. */
export interface InspectCommandOptions {
  /** `--fits BYTES`, as typed. */
  readonly fits?: string;
  /** `--force`: answer `--fits` even on a map that cannot be trusted. */
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * Prints the report of `dump` (a file name, or `-` for `stdin`). Exit status: ok, or found when
 * `--fits` says the allocation would fail. Throws `HeapInputError` for bad input, and for
 * `--fits` on a map that cannot be trusted without `--force`.
 */
export async function inspect(dump: string, options: InspectCommandOptions, output: Output, stdin: InputStream = process.stdin): Promise<ExitCode> {
  const fitsBytes = options.fits === undefined ? null : requestBytes(options.fits);
  const { text, name } = await readDumpText(dump, output, stdin);
  const report = inspectDump(text, name, fitsBytes, options.force === true);
  output.out(options.json === true ? jsonLine('inspect', inspectJson(report)) : renderInspect(report));
  return report.fits?.ok === false ? EXIT.found : EXIT.ok;
}

/** The `--fits` value: a whole number of bytes, 1 or more. */
function requestBytes(typed: string): number {
  const bytes = /^\d{1,16}$/.test(typed) ? Number(typed) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new HeapInputError(`expected a whole number of bytes, 1 or more, got ${JSON.stringify(typed)}`, { field: '--fits' });
  }
  return bytes;
}
