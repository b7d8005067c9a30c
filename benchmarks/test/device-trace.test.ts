import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeKnownLine, replayTrace } from '@heaplab/replay';
import { describe, expect, it } from 'vitest';
import { writeDeviceTrace } from '../src/device-trace.js';

const LINES = 60_000;

describe('generated device traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heaplab-device-trace-'));

  it('replay with no divergence and every checkpoint matched, plain and gzip', async () => {
    for (const gzip of [false, true]) {
      const file = join(dir, gzip ? 'trace.ndjson.gz' : 'trace.ndjson');
      const summary = await writeDeviceTrace(file, { lines: LINES, gzip });
      const report = await replayTrace(file);
      expect(report.lines).toBe(summary.lines);
      expect(report.divergences).toBe(0);
      expect(report.checkpoints.total).toBeGreaterThan(LINES / 2000);
      expect(report.checkpoints.matched).toBe(report.checkpoints.total);
      expect(report.memoryError?.reproduced).toBe(true);
    }
  }, 30_000);

  it('the camera program ends at its MemoryError, a frame buffer 8 bytes longer than the last, and replays exactly', async () => {
    const file = join(dir, 'camera.ndjson');
    const heap = { wordBytes: 4, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: 24576 }] } as const;
    const summary = await writeDeviceTrace(file, { lines: 1_000_000, program: 'camera', untilMemoryError: true, heap });
    expect(summary.lines).toBeLessThan(1_000_000);
    const last = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!;
    const failed = JSON.parse(last) as { op: string; bytes: number };
    expect(failed.op).toBe('memory_error');
    expect((failed.bytes - 4008) % 8).toBe(0);
    const report = await replayTrace(file);
    expect(report.divergences).toBe(0);
    expect(report.memoryError?.reproduced).toBe(true);
  }, 30_000);

  it('are realistic: every kind of line the firmware writes for these events, in its exact shape', async () => {
    const file = join(dir, 'shape.ndjson');
    const summary = await writeDeviceTrace(file, { lines: LINES });
    expect(summary.lines).toBeGreaterThanOrEqual(LINES);
    for (const op of ['heap', 'alloc', 'free', 'realloc', 'alloc_fail', 'memory_error', 'collect_start', 'sweep_free', 'collect_end', 'info'])
      expect(summary.ops[op]).toBeGreaterThan(0);
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    for (const kind of [
      '"result":"moved"',
      '"result":"grow"',
      '"result":"shrink"',
      '"reason":"no_move"',
      '"reason":"explicit"',
      '"reason":"alloc_fail"',
      '"stage":"pre_collect"',
      '"stage":"final"',
      '"fin":1',
    ]) {
      expect(text).toContain(kind);
    }
    // Sweeps are a large share of a real trace's lines, as here.
    expect(summary.ops.sweep_free! / summary.lines).toBeGreaterThan(0.2);
    let start = 0;
    let lines = 0;
    for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10, start)) {
      if (decodeKnownLine(bytes, start, end) === null)
        throw new Error(`line ${lines + 1} is not in the firmware's shape: ${bytes.toString('utf8', start, end)}`);
      start = end + 1;
      lines++;
    }
    expect(lines).toBe(summary.lines);
  }, 30_000);

  it('are the same for the same seed, another for another seed, and the same gzip-compressed', async () => {
    const text = async (seed: string, gzip = false): Promise<string> => {
      const file = join(dir, `${seed}-${gzip}.ndjson`);
      await writeDeviceTrace(file, { lines: 5000, seed, gzip });
      const bytes = readFileSync(file);
      return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
    };
    const a = await text('a');
    expect(await text('a')).toBe(a);
    expect(await text('b')).not.toBe(a);
    expect(await text('a', true)).toBe(a);
  });
});
