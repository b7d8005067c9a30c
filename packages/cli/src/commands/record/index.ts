/**
 * `heaplab record SCRIPT.py`: runs a MicroPython script on the real interpreter (MicroPython
 * 1.27.0, WebAssembly, rewritten to collect like firmware) and writes the full GC event log as a
 * device trace. The script's output goes to standard output as the interpreter printed it; the
 * summary goes to standard error (or, with `--json`, one object to standard output).
 */
import { basename, extname } from 'node:path';
import { HeapInputError, plural } from '@heaplab/core';
import { Recorder, RecordSetupError, TraceFile, type Recording, type RecordingEnd } from '@heaplab/record';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { readInputText, readStdinText, STDIN_NAME, type InputStream } from '../../io/read-input.js';
import { checkOutputFile, writeFailure } from '../../io/write-output.js';
import { removeOnSignal } from '../../io/remove-on-signal.js';
import { jsonLine } from '@heaplab/analysis';
import { typedCommand } from '../../io/invocation.js';
import { shellWord } from '../../render/shell-word.js';
import { recordHeap, type RecordHeapChoice } from './record-heap.js';
import { recordJson, renderRecordSummary } from './render.js';

/** The command line's options. */
export interface RecordCommandOptions extends RecordHeapChoice {
  readonly threshold?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly timeout?: string;
  readonly maxTrace?: string;
  readonly json?: boolean;
}

/** The largest trace recorded by default (trace text, before any compression): a script writes 60–80 MB of it a second. */
const DEFAULT_MAX_TRACE = '512m';

/** Records `script` (a file name, or `-` for standard input). */
export async function record(script: string, options: RecordCommandOptions, output: Output, stdin: InputStream = process.stdin): Promise<ExitCode> {
  const areas = recordHeap(options);
  const threshold = options.threshold === undefined ? null : parseThreshold(options.threshold);
  const timeoutSeconds = options.timeout === undefined ? 60 : parseTimeout(options.timeout);
  const maxTraceBytes = parseMaxTrace(options.maxTrace ?? DEFAULT_MAX_TRACE);
  const name = script === '-' ? STDIN_NAME : script;
  if (script === '-' && stdin.isTTY === true) output.err('heaplab: type or paste the script, then press Ctrl-D on a line of its own\n');
  const source = script === '-' ? await readStdinText(stdin) : await readInputText(script);
  const traceName = options.output ?? defaultTraceName(script);
  await checkOutputFile(traceName, options.force === true, [script]);

  let recorder: Recorder;
  try {
    // The one-time build is progress: shown where progress is (not with HEAPLAB_PROGRESS=off).
    const progress = output.progressStream !== null || output.heartbeat !== undefined;
    recorder = await Recorder.open(progress ? { onBuild: (message) => output.err(`heaplab record: ${message}…\n`) } : {});
  } catch (error) {
    if (!(error instanceof RecordSetupError)) throw error;
    output.err(`heaplab record: ${error.message}\n`);
    return EXIT.internal;
  }
  const trace = new TraceFile(traceName);
  const release = removeOnSignal(trace.temporary, traceName);
  const printed: Buffer[] = [];
  const json = options.json === true;
  let recording: Recording;
  try {
    recording = await recorder.record(source, {
      heapBytes: areas[0]!,
      addedAreas: areas.slice(1),
      threshold,
      timeoutSeconds,
      maxTraceBytes,
      scriptName: name,
      onOutput: (bytes: Uint8Array) => {
        if (json) printed.push(Buffer.from(bytes));
        else if (output.outBytes !== undefined) output.outBytes(bytes);
        else output.out(Buffer.from(bytes).toString('utf8'));
      },
      onTrace: (text: string) => trace.write(text),
    });
    if (recording.end.kind === 'timeout' || recording.end.kind === 'trace-limit') throw new HeapInputError(stoppedMessage(recording.end), { file: name });
    await trace.commit().catch((error: unknown) => {
      throw new HeapInputError(`cannot write the trace: ${writeFailure(error)}`, { file: traceName });
    });
  } catch (error) {
    await trace.discard();
    throw error;
  } finally {
    release();
  }
  const replay = typedCommand(`heaplab replay ${shellWord(traceName)}`, output.invocation);
  if (json) output.out(jsonLine('record', recordJson(name, traceName, recording, Buffer.concat(printed).toString('utf8'))));
  else output.err(renderRecordSummary(name, traceName, recording, replay));
  return recording.end.kind === 'ok' ? EXIT.ok : EXIT.found;
}

/** `script.py` → `script.ndjson` in the current directory; standard input → `stdin.ndjson`. */
function defaultTraceName(script: string): string {
  if (script === '-') return 'stdin.ndjson';
  const base = basename(script);
  return `${extname(base) === '.py' ? base.slice(0, -3) : base}.ndjson`;
}

function parseThreshold(text: string): number | null {
  if (!/^-?\d+$/.test(text.trim()))
    throw new HeapInputError(`expected a whole number of bytes (negative: off), got ${JSON.stringify(text)}`, { field: '--threshold' });
  const bytes = Number(text);
  if (!Number.isSafeInteger(bytes) || bytes > 0xffffffff) throw new HeapInputError(`${text} is too large`, { field: '--threshold' });
  return bytes < 0 ? null : bytes;
}

function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new HeapInputError(`expected seconds (0: no limit), got ${JSON.stringify(text)}`, { field: '--timeout' });
  return seconds;
}

/** `--max-trace`: a size in bytes, k, m or g (e.g. 200m), or 0 for no limit. */
function parseMaxTrace(text: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(text.trim());
  const bytes = match === null ? Number.NaN : Number(match[1]) * 1024 ** ' kmg'.indexOf((match[2] || ' ').toLowerCase());
  if (!Number.isSafeInteger(bytes))
    throw new HeapInputError(`expected a size in bytes, k, m or g (e.g. 200m; 0: no limit), got ${JSON.stringify(text)}`, { field: '--max-trace' });
  return bytes;
}

/** Why a script was stopped before its end, and that nothing was written. */
function stoppedMessage(end: Extract<RecordingEnd, { kind: 'timeout' | 'trace-limit' }>): string {
  return end.kind === 'timeout'
    ? `the script ran longer than ${end.seconds} s (--timeout; 0 for no limit); no trace was written`
    : `the trace grew past ${traceSize(end.bytes)} (--max-trace; 0 for no limit), so the script was stopped; no trace was written`;
}

/** A size limit in words: whole MiB or KiB when it is one, else bytes. */
function traceSize(bytes: number): string {
  if (bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : plural(bytes, 'byte');
}
