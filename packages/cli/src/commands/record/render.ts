/**
 * What `heaplab record` says about a recording: how the script ended, what the trace holds and
 * how to replay it (text on standard error), or the same as one JSON object.
 */
import { heapSize } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { BYTES_PER_BLOCK, MICROPYTHON_VERSION, type Recording } from '@heaplab/record';

/** The summary text, for standard error. `replay` is the replay command as the user types it. */
export function renderRecordSummary(script: string, trace: string, recording: Recording, replay: string): string {
  const { end, counts, areas } = recording;
  const lines = [`heaplab record ${script}: MicroPython ${MICROPYTHON_VERSION} (WebAssembly), heap ${heapSize({ areas, blockBytes: BYTES_PER_BLOCK })}`];
  const errors = plural(counts.memoryErrors, 'MemoryError');
  switch (end.kind) {
    case 'ok':
      lines.push(counts.memoryErrors === 0 ? '  the script ran to its end' : `  the script ran to its end; it caught ${errors}`);
      break;
    case 'exception':
      lines.push(`  the script stopped: an uncaught ${end.type} (its traceback is above)`);
      break;
    case 'trap':
      lines.push(
        `  the interpreter stopped with a fatal error (${end.message}): an exception it could not report, usually a MemoryError raised on a completely full heap`,
      );
      break;
    case 'timeout':
    case 'trace-limit':
      break;
  }
  lines.push(
    `  trace ${trace}: ${plural(counts.lines, 'line')}, ${plural(counts.allocs, 'allocation')}, ${plural(counts.collections, 'collection')}, ${errors}`,
  );
  lines.push(`  replay it: ${replay}`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` object's fields (docs/json-output.md). */
export function recordJson(script: string, trace: string, recording: Recording, printed: string): object {
  const { end, counts, areas } = recording;
  return {
    script,
    micropython: MICROPYTHON_VERSION,
    areas,
    trace,
    end: end.kind,
    exception: end.kind === 'exception' ? { type: end.type, traceback: end.traceback } : null,
    trap: end.kind === 'trap' ? end.message : null,
    lines: counts.lines,
    allocs: counts.allocs,
    collections: counts.collections,
    memoryErrors: counts.memoryErrors,
    output: printed,
  };
}
