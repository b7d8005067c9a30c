import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { minimumHeap } from '../src/commands/replay/minimum-heap.js';
import type { Heartbeat, Output } from '../src/io/output.js';
import { startProgress } from '../src/io/progress.js';

/** An output with no terminal that keeps what goes to standard error. */
function piped(heartbeat?: Heartbeat): Output & { written: () => string } {
  let written = '';
  return {
    out: () => undefined,
    err: (t) => {
      written += t;
    },
    progressStream: null,
    ...(heartbeat === undefined ? {} : { heartbeat }),
    written: () => written,
  };
}

describe('progress bars', () => {
  it('draw on a terminal and nowhere else', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const bar = startProgress({ out: () => undefined, err: () => undefined, progressStream: terminal }, 'replaying');
    bar.update(0.5, 'trying 100 bytes');
    bar.stop();
    expect(drawn).toContain('replaying [');
    expect(drawn).toContain('trying 100 bytes');
    const none = piped();
    const quiet = startProgress(none, 'replaying');
    quiet.update(0.5);
    quiet.stop();
    expect(none.written()).toBe('');
  });
});

describe('progress without a terminal: a line every interval', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says what it is doing and how far, at most once an interval, checked on each update', () => {
    let now = 1_000;
    const output = piped({ everyMs: 10_000, now: () => now });
    const progress = startProgress(output, 'minimising');
    progress.update(0.1);
    now += 9_999;
    progress.update(0.2);
    expect(output.written()).toBe('');
    now += 1;
    progress.update(0.437);
    now += 5_000;
    progress.update(0.5);
    now += 185_000;
    progress.update(0.6, '6000 of at most 10000 candidate replays');
    progress.stop();
    expect(output.written()).toBe('heaplab: minimising: 43% done, 10s so far\nheaplab: minimising: 6000 of at most 10000 candidate replays, 3m 20s so far\n');
  });

  it('also beats on a timer while nothing updates, and stops with the work', () => {
    vi.useFakeTimers();
    const output = piped({ everyMs: 10_000, now: () => Date.now() });
    const progress = startProgress(output, 'replaying');
    progress.update(0.25);
    vi.advanceTimersByTime(9_999);
    expect(output.written()).toBe('');
    vi.advanceTimersByTime(1);
    expect(output.written()).toBe('heaplab: replaying: 25% done, 10s so far\n');
    progress.stop();
    vi.advanceTimersByTime(60_000);
    expect(output.written()).toBe('heaplab: replaying: 25% done, 10s so far\n');
  });
});

describe('replay --min-heap progress', () => {
  const heap =
    '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
  const alloc = (bytes: number, block: number): string =>
    `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0}`;
  const fail = (stage: string, after: number): string =>
    `{"op":"alloc_fail","bytes":900,"blocks":57,"stage":"${stage}","fin":0,"in_realloc":0,"in_collect":0,"after_collect":${after}}`;
  /** Two objects of 10 blocks, then a request for 57 blocks that a 60-block heap cannot hold. */
  const trace = [
    heap,
    alloc(160, 0),
    alloc(160, 10),
    fail('pre_collect', 0),
    '{"op":"collect_start","reason":"alloc_fail"}',
    '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
    fail('final', 1),
    '{"op":"memory_error","bytes":900,"heap_locked":0}',
  ];

  it('names each heap the bisection replays, step by step', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-min-heap-')), 'fails.ndjson');
    writeFileSync(file, `${trace.join('\n')}\n`);
    // A clock that moves an interval on every reading: every step writes its line.
    let now = 0;
    const output = piped({ everyMs: 10_000, now: () => (now += 10_000) });
    const found = await minimumHeap(file, '1.27', 960, output);
    expect(found).not.toBeNull();
    const lines = output.written().trimEnd().split('\n');
    expect(lines).toHaveLength(found!.replays);
    for (const [i, line] of lines.entries()) {
      expect(line).toMatch(new RegExp(`^heaplab: min-heap: trying \\d+ bytes \\(step ${i + 1} of ~\\d+\\), [\\dhms ]+ so far$`));
    }
    // The device's own heap first: a 1 KiB region, 960 bytes of blocks.
    expect(lines[0]).toMatch(/^heaplab: min-heap: trying 960 bytes \(step 1 of ~/);
    expect(lines.at(-1)).toMatch(new RegExp(`step ${found!.replays} of ~${found!.replays}\\)`));
  });
});

describe('HEAPLAB_PROGRESS=off', () => {
  it('turns the progress lines of a process without a terminal off', () => {
    const output = join(import.meta.dirname, '..', 'dist', 'io', 'output.js');
    const probe = `import(${JSON.stringify(output)}).then((m) => console.log(m.processOutput.heartbeat === undefined ? 'none' : 'every ' + m.processOutput.heartbeat.everyMs))`;
    const run = (progress: string | undefined): string => {
      const env = { ...process.env };
      if (progress === undefined) delete env.HEAPLAB_PROGRESS;
      else env.HEAPLAB_PROGRESS = progress;
      return spawnSync(process.execPath, ['-e', probe], { env, encoding: 'utf8' }).stdout.trim();
    };
    expect(run(undefined)).toBe('every 10000');
    expect(run('off')).toBe('none');
  });
});
