import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
