/**
 * Builds the firmware trace hook with the host's gcc and runs its C tests (exact lines of every
 * event, overflow and gap lines, the ring, sync, marks), checks that the library calls no allocator (it
 * has no undefined symbols at all), and replays the log of its simulated-heap scenario with
 * heaplab: the gap is found, the replay resynchronises from the sync, and every check after it
 * holds. gcc is required: without it these tests fail, they do not skip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectsByAddress, type HeapInputError } from '@heaplab/core';
import { replayTrace } from '@heaplab/replay';

const run = promisify(execFile);
const firmware = join(import.meta.dirname, '..');
const FLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic'];
/** Compiling takes well under a second; the limit leaves room for a slow machine. */
const TIMEOUT_MS = 60_000;

let dir = '';
let binary = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heaplab-firmware-'));
  binary = join(dir, 'test_heaplab_trace');
  await run('gcc', [...FLAGS, '-c', join(firmware, 'heaplab_trace.c'), '-o', join(dir, 'heaplab_trace.o')]);
  await run('gcc', [...FLAGS, '-o', binary, join(firmware, 'test', 'test_heaplab_trace.c'), join(dir, 'heaplab_trace.o')]);
}, TIMEOUT_MS);

describe('the firmware trace hook (C, built with gcc -std=c99 -Wall -Wextra -Werror -pedantic)', () => {
  it('passes its C tests: exact lines, overflow and gap lines, wrap-around, partial drains, sync, marks', async () => {
    const { stdout } = await run(binary, []);
    expect(stdout).toMatch(/^ok \d+ checks\n$/);
    expect(Number(/^ok (\d+)/.exec(stdout)![1])).toBeGreaterThanOrEqual(100);
  });

  it('allocates nothing: the library object needs no symbol from anywhere (no malloc, no gc_alloc)', async () => {
    const { stdout } = await run('nm', ['-u', join(dir, 'heaplab_trace.o')]);
    expect(stdout.trim()).toBe('');
  });

  it('its overflowing, resynchronised scenario replays with heaplab to the heap the firmware had', async () => {
    const { stdout, stderr } = await run(binary, ['scenario']);
    const trace = join(dir, 'scenario.ndjson');
    writeFileSync(trace, stdout);
    const lines = stdout.trimEnd().split('\n');
    const objects = [...stderr.matchAll(/^object (\d+) (\d+) (\d+) (\d)$/gm)].map((m) => ({
      area: Number(m[1]),
      block: Number(m[2]),
      blocks: Number(m[3]),
      fin: m[4] === '1',
    }));
    const lost = Number(/^lost (\d+)$/m.exec(stderr)![1]);

    // Without resynchronising, the gap is where the replay stops.
    const gapLine = lines.findIndex((l) => l.startsWith('{"op":"gap"')) + 1;
    await expect(replayTrace(trace)).rejects.toThrow(`${trace}:${gapLine}: lost: ${lost} events were lost here`);

    const bad: HeapInputError[] = [];
    const report = await replayTrace(trace, { onBadLine: (error) => void bad.push(error) });
    expect(bad).toEqual([]);
    const syncEnd = lines.indexOf('{"op":"sync_end","v":1}') + 1;
    expect(report.gaps).toEqual([{ line: gapLine, lost, resyncLine: syncEnd, memoryErrors: [] }]);
    expect(lost).toBeGreaterThan(10);
    expect(report.divergences).toBe(0);
    // One checkpoint before the gap, one after the sync: both are the simulated heap's gc_info.
    expect(report.checkpoints).toEqual({ matched: 2, total: 2 });
    expect(report.memoryError).toMatchObject({ bytes: 3000, reproduced: true, facts: { blocks: 188 } });
    expect(objectsByAddress(report.state).map(({ area, block, blocks, fin }) => ({ area, block, blocks, fin }))).toEqual(objects);
    expect(objects.length).toBeGreaterThan(20);
  });

  it('its marks decode as heaplab reads them: escaped, cut to 64 bytes, the one written while the ring was full lost with the events', async () => {
    const { stdout } = await run(binary, ['scenario']);
    const trace = join(dir, 'scenario-marks.ndjson');
    writeFileSync(trace, stdout);
    const lines = stdout.trimEnd().split('\n');
    const report = await replayTrace(trace, { onBadLine: (error) => expect.fail(error.message) });
    const line = (label: string): number => lines.findIndex((l) => l.startsWith('{"op":"mark"') && l.includes(label.slice(0, 10))) + 1;
    const labels = ['setup', 'after the sync: "quoted" é', 'a label longer than the 64 bytes a mark keeps: it is cut at 64 b', 'frame_buffer'];
    expect(report.marks.map((m) => ({ line: m.line, label: m.label }))).toEqual(labels.map((label) => ({ line: line(label), label })));
    expect(stdout).not.toContain('in the burst');
    // Before the first event; at the sync's objects (the resync is one event and one per object); before the failed request.
    expect(report.marks[0]!.event).toBe(0);
    const failure = report.memoryError;
    expect(failure?.replayed).toBe(true);
    if (failure?.replayed === true) expect(report.marks.at(-1)!.event).toBe(failure.event - 1);
  });
});
