/**
 * The build lock: taken once; refused while a live process holds it; taken over at once from a
 * process that is gone (a record stopped by Ctrl-C while it built the interpreter), instead of
 * after the two minutes a lock with no holder waits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockHolder, processAlive, takeLock } from '../src/cache-lock.js';

describe('the cache lock', () => {
  it('is taken once, with the pid of its holder', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'heaplab-lock-')), 'x.lock');
    expect(await takeLock(lock)).toBe(true);
    expect(readFileSync(join(lock, 'pid'), 'utf8')).toBe(`${process.pid}\n`);
    expect(await lockHolder(lock)).toBe(process.pid);
    // Held by this live process: refused, and left alone.
    expect(await takeLock(lock)).toBe(false);
    expect(await takeLock(lock)).toBe(false);
  });

  it('left by a process that is gone: removed at the first try, taken at the next', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'heaplab-lock-')), 'x.lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), `${gone.stdout}\n`);
    expect(await takeLock(lock)).toBe(false);
    // Moved aside and removed: nothing of it is left beside the new lock.
    expect(readdirSync(dirname(lock))).toEqual([]);
    expect(await takeLock(lock)).toBe(true);
    expect(await lockHolder(lock)).toBe(process.pid);
  });

  it('with no pid in it yet: waited on (its holder may be writing it)', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'heaplab-lock-')), 'x.lock');
    mkdirSync(lock);
    expect(await lockHolder(lock)).toBeNull();
    expect(await takeLock(lock)).toBe(false);
    expect(await takeLock(lock)).toBe(false);
  });

  it('tells a live process from one that is gone (what the clean-up of half-written files asks)', () => {
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(gone)).toBe(false);
  });
});
