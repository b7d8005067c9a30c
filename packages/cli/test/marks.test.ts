/**
 * Marks in the commands, called directly with their output captured: `run -o` writes the
 * workload's marks into its engine trace, and `replay` lists a trace's marks (`--json`) and says
 * how many it has.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../src/commands/replay/index.js';
import { run } from '../src/commands/run/index.js';
import type { Output } from '../src/io/output.js';

function captured(): Output & { text: () => string } {
  let out = '';
  return {
    out: (t) => {
      out += t;
    },
    err: () => undefined,
    progressStream: null,
    text: () => out,
  };
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'heaplab-marks-'));

interface Marked {
  readonly marks: readonly { readonly event: number; readonly label: string; readonly line?: number }[];
}

describe('marks in heaplab run and replay', () => {
  it('run -o writes the workload’s marks; the replay of the file has them at the same events', async () => {
    const trace = join(dir(), 'seed.events');
    const ran = captured();
    await run('seed-mem-free', { seed: '1', output: trace, json: true }, ran);
    const runMarks = (JSON.parse(ran.text()) as Marked).marks;
    expect(runMarks.length).toBeGreaterThan(1);
    const marked = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{"op":"mark"'));
    expect(marked).toEqual(runMarks.map((m) => JSON.stringify({ op: 'mark', label: m.label })));

    const replayed = captured();
    await replay(trace, { json: true, mpyVersion: '1.27' }, replayed);
    const marks = (JSON.parse(replayed.text()) as Marked).marks;
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
      const output = captured();
      await replay(path, { mpyVersion: '1.27' }, output);
      return output.text();
    };
    const three = await text(file([heap, '{"op":"mark","v":1,"label":"setup"}', alloc, '{"op":"mark","v":1,"label":"x"}', '{"op":"mark","v":1,"label":"a\\tb"}']));
    expect(three).toContain('\n  marks: 3, from "setup" (line 2) to "a␉b" (line 5)\n');
    expect(await text(file([heap, '{"op":"mark","v":1,"label":"setup"}', alloc]))).toContain('\n  marks: "setup" (line 2)\n');
    expect(await text(file([heap, alloc]))).not.toContain('marks:');
  });
});
