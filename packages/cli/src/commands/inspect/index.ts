/**
 * `heaplab inspect DUMP`: statistics, fragmentation and a picture of a pasted `mem_info(1)` dump
 * (or its bare map), and with `--fits REQUEST` whether a request (a number of bytes, or a Python
 * object such as `bytearray(640)`) would succeed, and where.
 */
import { HeapInputError, parseAllocationRequest, type AllocationRequest } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import type { InputStream } from '../../io/read-input.js';
import { readDumpText } from '../../io/read-dump.js';
import { inspectDump, inspectJson, jsonLine } from '@heaplab/analysis';
import { renderInspect } from './render.js';

/** The command line's options. */
export interface InspectCommandOptions {
  /** `--fits REQUEST`, as typed: a number of bytes or a Python object. */
  readonly fits?: string;
  /** `--force`: answer `--fits`, and give the whole heap's figures, even on a map that cannot be trusted. */
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * Prints the report of `dump` (a file name, or `-` for `stdin`). Exit status: ok, or found when
 * `--fits` says the allocation would fail; without `--fits`, truncated for a map cut off (only
 * what the part read shows is given) unless `--force`. Throws `HeapInputError` for bad input, and for
 * `--fits` on a map that cannot be trusted without `--force`.
 */
export async function inspect(dump: string, options: InspectCommandOptions, output: Output, stdin: InputStream = process.stdin): Promise<ExitCode> {
  const request = options.fits === undefined ? null : fitsRequest(options.fits);
  const { text, name } = await readDumpText(dump, output, stdin);
  const report = inspectDump(text, name, request, options.force === true);
  output.out(options.json === true ? jsonLine('inspect', inspectJson(report)) : renderInspect(report));
  if (report.fits !== null) return report.fits.ok ? EXIT.ok : EXIT.found;
  // A cut-off map without --force: the report covers the part read, as for a cut trace.
  return report.doubt?.kind === 'cut-off' && !report.forced ? EXIT.truncated : EXIT.ok;
}

/** The `--fits` value: a number of bytes, 1 or more, or a Python object. */
function fitsRequest(typed: string): AllocationRequest {
  try {
    return parseAllocationRequest(typed);
  } catch (error) {
    throw error instanceof HeapInputError ? error.at({ field: '--fits' }) : error;
  }
}
