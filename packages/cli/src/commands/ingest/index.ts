/**
 * `heaplab ingest LOG`: reads a serial capture or probe file (the MicroPython probe's framed
 * `mem_info(1)` snapshots and marks among the script's own output), and shows the heap over
 * time with the marks, what changed between snapshots, and each MemoryError explained.
 */
import { ingestCapture, jsonLine, memoryErrorCount } from '@heaplab/analysis';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { typedCommand } from '../../io/invocation.js';
import type { Output } from '../../io/output.js';
import { readInputText, readStdinText, STDIN_NAME, type InputStream } from '../../io/read-input.js';
import { renderIngest } from './render.js';

/** The command line's options. */
export interface IngestCommandOptions {
  readonly json?: boolean;
}

/**
 * Prints the series of `log` (a file name, or `-` for `stdin`). Exit status: found when a
 * snapshot was taken at a MemoryError (a damaged or cut-off one too: its start marker says so); otherwise truncated when the capture ends inside a
 * snapshot (nothing after the cut is known), ok when it does not. Throws `HeapInputError` when the capture
 * holds no snapshot that can be read; damaged snapshots are reported and skipped.
 */
export async function ingest(log: string, options: IngestCommandOptions, output: Output, stdin: InputStream = process.stdin): Promise<ExitCode> {
  const name = log === '-' ? STDIN_NAME : log;
  if (log === '-' && stdin.isTTY === true) output.err('heaplab: paste the capture, then press Ctrl-D on a line of its own\n');
  const text = log === '-' ? await readStdinText(stdin) : await readInputText(log);
  const report = ingestCapture(text, name);
  if (options.json === true) output.out(jsonLine('ingest', report));
  else {
    output.out(renderIngest(report, typedCommand('heaplab explain', output.invocation)));
    const { damaged, damagedMarks } = report;
    if (damaged.length > 0) {
      const shown = damaged.slice(0, 5).map((d) => `  ${name}:${d.line}: ${d.field === null ? '' : `${d.field}: `}${d.message}\n`);
      output.err(
        `heaplab: skipped ${damaged.length} damaged snapshot${damaged.length === 1 ? '' : 's'}${damaged.length > 5 ? '; the first 5' : ''}:\n${shown.join('')}`,
      );
    }
    if (damagedMarks.length > 0) {
      const shown = damagedMarks.slice(0, 5).map((d) => `  ${name}:${d.line}: marker: ${d.message}\n`);
      const count = damagedMarks.length;
      output.err(`heaplab: skipped ${count} damaged mark${count === 1 ? '' : 's'}${count > 5 ? '; the first 5' : ''}:\n${shown.join('')}`);
    }
  }
  if (memoryErrorCount(report) > 0) return EXIT.found;
  return report.cutOff === null ? EXIT.ok : EXIT.truncated;
}
