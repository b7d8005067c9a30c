/**
 * Marks in the commands, called directly with their output captured: `run -o` writes the
 * workload's marks into its engine trace, `replay` lists a trace's marks (`--json`) and says
 * how many it has, and `ingest` shows the probe's marks among its snapshots.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/commands/ingest/index.js';
import { replay } from '../src/commands/replay/index.js';
import { run } from '../src/commands/run/index.js';
import { capturedOutput } from './support/captured-output.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'heaplab-marks-'));

interface Marked {
  readonly marks: readonly { readonly event: number; readonly label: string; readonly line?: number }[];
}

describe('marks in heaplab run and replay', () => {
  it('run -o writes the workload’s marks; the replay of the file has them at the same events', async () => {
    const trace = join(dir(), 'seed.events');
    const ran = capturedOutput();
    await run('seed-mem-free', { seed: '1', output: trace, json: true }, ran);
    const runMarks = (JSON.parse(ran.text().out) as Marked).marks;
    expect(runMarks.length).toBeGreaterThan(1);
    const marked = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{"op":"mark"'));
    expect(marked).toEqual(runMarks.map((m) => JSON.stringify({ op: 'mark', label: m.label })));

    const replayed = capturedOutput();
    await replay(trace, { json: true, mpyVersion: '1.27' }, replayed);
    const marks = (JSON.parse(replayed.text().out) as Marked).marks;
    expect(marks.map(({ event, label }) => ({ event, label }))).toEqual(runMarks.map(({ event, label }) => ({ event, label })));
  });

  it('replay names how many marks a trace has, the first and the last, their control characters made visible', async () => {
    const heap =
      '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
    const alloc = '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}';
    const file = (lines: readonly string[]): string => {
      const path = join(dir(), 'trace.ndjson');
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    };
    const text = async (path: string): Promise<string> => {
      const output = capturedOutput();
      await replay(path, { mpyVersion: '1.27' }, output);
      return output.text().out;
    };
    const three = await text(
      file([heap, '{"op":"mark","v":1,"label":"setup"}', alloc, '{"op":"mark","v":1,"label":"x"}', '{"op":"mark","v":1,"label":"a\\tb"}']),
    );
    expect(three).toContain('\n  marks: 3, from "setup" (line 2) to "a␉b" (line 5)\n');
    expect(await text(file([heap, '{"op":"mark","v":1,"label":"setup"}', alloc]))).toContain('\n  marks: "setup" (line 2)\n');
    expect(await text(file([heap, alloc]))).not.toContain('marks:');
  });
});

describe('marks in heaplab ingest', () => {
  const snapshot = (seq: number, ticks: number, label: string, used: number): string[] => [
    `#heaplab-snapshot v1 seq=${seq} ticks=${ticks} label="${label}"`,
    'stack: 512 out of 8192',
    `GC: total: 960, used: ${used}, free: ${960 - used}`,
    ` No. of 1-blocks: 0, 2-blocks: 0, max blk sz: ${used / 16}, max free sz: ${60 - used / 16}`,
    'GC memory layout; from 20000040:',
    `00000000: h${'='.repeat(used / 16 - 1)}${'.'.repeat(60 - used / 16)}`,
    `#heaplab-end v1 seq=${seq}`,
  ];

  it('shows each mark as a row among the snapshots, counts them, and warns about one it cannot read', async () => {
    const capture = join(dir(), 'capture.log');
    writeFileSync(
      capture,
      [
        '#heaplab-mark v1 seq=1 ticks=1000 label="boot"',
        ...snapshot(2, 1200, 'first', 160),
        'blobs: 3 #heaplab-mark v1 seq=3 ticks=1300 label="find_blobs\tpass 2"',
        '#heaplab-mark v1 seq=4 label="mangled"',
        ...snapshot(5, 1450, 'second', 320),
      ].join('\n'),
    );
    const output = capturedOutput();
    await ingest(capture, {}, output);
    const text = output.text().out;
    expect(text).toContain(`  the heaplab probe's snapshots: 2 snapshots and 2 marks read, in 17 lines\n`);
    const rows = text.split('\n').filter((line) => /^ +\d+ +\d+ /.test(line));
    expect(rows.map((row) => row.replace(/ +/g, ' ').trim())).toEqual([
      '1 0 mark: boot',
      '2 200 800 50 0.0% 1 first',
      '3 300 mark: find_blobs␉pass 2',
      '5 450 640 40 0.0% 1 second',
    ]);
    expect(output.text().err).toBe(`heaplab: skipped 1 damaged mark:\n  ${capture}:10: marker: expected \`#heaplab-mark v1 seq=N ticks=N label="…"\`\n`);
  });
});
