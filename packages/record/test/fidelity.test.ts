/**
 * The real allocator as a test oracle: scripts recorded on the real interpreter must replay on
 * heaplab's engine with no divergence and every `gc_info` checkpoint matched, and the recorder
 * must not change what the script prints. The four scripts of the real device traces
 * (`packages/replay/test/fixtures/traces`) and a corpus covering lists, dicts, strings,
 * bytearrays, realloc growth, finalisers (files), the heap lock, gc.threshold(), caught and
 * uncaught MemoryErrors.
 * Each `NAME.out.txt` is what the script printed on the same build without the recorder's hooks.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayTrace } from '@heaplab/replay';
import { Recorder, TraceFile, type RecordOptions, type Recording } from '@heaplab/record';

const fixtures = join(import.meta.dirname, 'fixtures');
/** The scripts that made the real device traces, kept beside those traces. */
const realTraces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');

/** A script's file: the corpus's own, or one of the real traces' scripts. */
function scriptFile(script: string): string {
  const own = join(fixtures, `${script}.py`);
  return existsSync(own) ? own : join(realTraces, `${script}.py`);
}
const directory = mkdtempSync(join(tmpdir(), 'heaplab-record-'));

/** Records a fixture script into a trace file; returns the recording, its output and the file. */
async function record(
  recorder: Recorder,
  script: string,
  options: RecordOptions,
  file = `${script}.ndjson`,
): Promise<{ recording: Recording; output: string; trace: string }> {
  const trace = new TraceFile(join(directory, file));
  const printed: Buffer[] = [];
  const recording = await recorder.record(readFileSync(scriptFile(script), 'utf8'), {
    ...options,
    onOutput: (bytes) => printed.push(Buffer.from(bytes)),
    onTrace: (text) => trace.write(text),
  });
  await trace.commit();
  return { recording, output: Buffer.concat(printed).toString('utf8'), trace: trace.target };
}

interface Case {
  readonly script: string;
  readonly heap: readonly number[];
  readonly end: Recording['end']['kind'];
  /** MemoryErrors the script raised. */
  readonly memoryErrors: number;
}

const CASES: readonly Case[] = [
  { script: 'a_big_list', heap: [65536], end: 'ok', memoryErrors: 0 },
  { script: 'b_lcg_frag', heap: [32768], end: 'ok', memoryErrors: 1 },
  { script: 'c_buffer_reuse', heap: [32768], end: 'ok', memoryErrors: 0 },
  { script: 'containers', heap: [32768], end: 'ok', memoryErrors: 0 },
  { script: 'realloc_growth', heap: [16384], end: 'ok', memoryErrors: 0 },
  { script: 'caught_memory_error', heap: [16384], end: 'ok', memoryErrors: 2 },
  { script: 'heap_lock', heap: [16384], end: 'ok', memoryErrors: 1 },
  { script: 'finaliser_files', heap: [16384], end: 'ok', memoryErrors: 0 },
  { script: 'full_heap_uncaught', heap: [16384], end: 'trap', memoryErrors: 2 },
  { script: 'threshold', heap: [16384], end: 'ok', memoryErrors: 0 },
];

let recorder: Recorder;

beforeAll(async () => {
  // Builds the instrumented binary when it is not cached yet (a few seconds, once).
  recorder = await Recorder.open();
}, 180_000);

describe('recorded scripts replay exactly (the real allocator against the engine)', () => {
  it.each(CASES)('$script: the same output, 0 divergences, every checkpoint matched', async ({ script, heap, end, memoryErrors }) => {
    const { recording, output, trace } = await record(recorder, script, { heapBytes: heap[0]!, addedAreas: heap.slice(1) });
    expect(recording.end.kind).toBe(end);
    expect(output).toBe(readFileSync(join(fixtures, `${script}.out.txt`), 'utf8'));
    expect(recording.counts.memoryErrors).toBe(memoryErrors);
    // --verify: a threshold collection the engine did not expect would count too.
    const report = await replayTrace(trace, { verify: true });
    expect(report.firstDivergence).toBeNull();
    expect(report.divergences).toBe(0);
    expect(report.checkedEvents).toBeGreaterThan(0);
    expect(report.checkpoints.matched).toBe(report.checkpoints.total);
    expect(report.firstCheckpointMismatch).toBeNull();
    // Every MemoryError not raised under the heap lock is reproduced: the first one is replayed.
    if (script === 'heap_lock') expect(report.skipped).toBeGreaterThan(0);
    else if (memoryErrors > 0) expect(report.memoryError?.reproduced).toBe(true);
    else expect(report.memoryError).toBeNull();
  });

  it('gc.threshold(): the trace says so in threshold lines, and the collections come where the engine expects them', async () => {
    const { trace } = await record(recorder, 'threshold', { heapBytes: 16384 }, 'threshold-lines.ndjson');
    const lines = readFileSync(trace, 'utf8').split('\n');
    expect(lines.filter((line) => line.startsWith('{"op":"threshold"'))).toEqual([
      '{"op":"threshold","v":1,"bytes":2048,"off":0}',
      '{"op":"threshold","v":1,"bytes":0,"off":1}',
    ]);
    expect(lines.filter((line) => line === '{"op":"collect_start","reason":"threshold"}').length).toBeGreaterThan(5);
  });

  it('--threshold: the threshold in force from the start is the first line after the heap', async () => {
    const { trace } = await record(recorder, 'realloc_growth', { heapBytes: 16384, threshold: 4096 }, 'realloc-threshold.ndjson');
    const lines = readFileSync(trace, 'utf8').split('\n');
    expect(lines[1]).toBe('{"op":"threshold","v":1,"bytes":4096,"off":0}');
    expect(lines).toContain('{"op":"collect_start","reason":"threshold"}');
    expect((await replayTrace(trace, { verify: true })).divergences).toBe(0);
  });

  it('marks: heaplab.mark() and heaplab_trace.mark() write mark lines where the script called them, and nothing to the output', async () => {
    const { recording, output, trace } = await record(recorder, 'marks', { heapBytes: 16384 });
    expect(recording.end.kind).toBe('ok');
    expect(output).toBe('setup done, processing\nsum 512\n');
    const report = await replayTrace(trace, { verify: true });
    expect(report.divergences).toBe(0);
    expect(report.marks.map((m) => m.label)).toEqual(['setup', 'process', 'done']);
    // The eight buffers of the setup phase come after its mark and before the next.
    const [setup, processing] = report.marks;
    expect(processing!.event - setup!.event).toBeGreaterThanOrEqual(8);
  });

  it('a split heap keeps an added area that collections find empty, and fills it later', async () => {
    const { recording, output, trace } = await record(recorder, 'split_heap_empty_area', { heapBytes: 12288, addedAreas: [8192] });
    expect(recording.areas).toEqual([
      { bytes: 12288, blocks: 748 },
      { bytes: 8192, blocks: 496 },
    ]);
    // Both pools, before and after: 748 + 496 blocks of 16 bytes.
    expect(output).toBe('total 19904\ntotal 19904\n');
    expect(readFileSync(trace, 'utf8')).toMatch(/"op":"alloc",[^\n]*"area":1,/);
    const report = await replayTrace(trace, { verify: true });
    expect(report).toMatchObject({ divergences: 0, checkpoints: { matched: 4, total: 4 } });
  });

  it('e_frames on a split heap (12288 + 36864 bytes, as OpenMV adds areas): both areas in use, the MemoryError reproduced', async () => {
    const { recording, output, trace } = await record(recorder, 'e_frames', { heapBytes: 12288, addedAreas: [36864] }, 'e_frames.ndjson.gz');
    expect(recording.end.kind).toBe('ok');
    expect(recording.areas).toEqual([
      { bytes: 12288, blocks: 748 },
      { bytes: 36864, blocks: 2248 },
    ]);
    expect(output).toContain('MemoryError');
    const report = await replayTrace(trace, { verify: true });
    expect(report).toMatchObject({ divergences: 0, memoryError: { reproduced: true } });
    expect(report.checkpoints.matched).toBe(report.checkpoints.total);
    expect(report.checkpoints.total).toBeGreaterThan(0);
    expect(report.memoryError?.facts?.largestFreeRun).toHaveLength(2);
  });
});
