import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../src/io/progress.js';

describe('progress bars', () => {
  it('draw on a terminal and nowhere else', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const bar = startProgress({ out: () => undefined, err: () => undefined, progressStream: terminal }, 'replaying');
    bar.update(0.5);
    bar.stop();
    expect(drawn).toContain('replaying [');
    let written = '';
    const none = startProgress(
      {
        out: (t) => {
          written += t;
        },
        err: (t) => {
          written += t;
        },
        progressStream: null,
      },
      'replaying',
    );
    none.update(0.5);
    none.stop();
    expect(written).toBe('');
  });
});
