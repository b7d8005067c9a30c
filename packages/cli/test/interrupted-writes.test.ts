/**
 * A write stopped by a signal leaves nothing behind: Ctrl-C (SIGINT), SIGTERM or SIGHUP during
 * an atomic write removes its temporary file, says so in one line and ends with 128 + the
 * signal's number. Each case is a Node process of its own (a signal ends it), running the built
 * `writeOutputFile` on a text large enough that the signal comes while it is written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const writeOutput = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'io', 'write-output.js')).href;

/** Starts writing 64 MiB to DIR/out.html, and sends itself the signal once the temporary file is there. */
const CHILD = `
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputFile } from ${JSON.stringify(writeOutput)};
const [dir, signal] = process.argv.slice(-2);
const poll = setInterval(() => {
  if (readdirSync(dir).length === 0) return;
  clearInterval(poll);
  process.kill(process.pid, signal);
}, 1);
await writeOutputFile(join(dir, 'out.html'), 'x'.repeat(64 << 20), false, []);
console.log('written');
`;

function interrupted(signal: NodeJS.Signals, dir: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '--eval', CHILD, dir, signal], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, killedBy) => resolve({ code, signal: killedBy, out, err })));
}

describe('an atomic write stopped by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: the temporary file is removed, one line says so, exit %i', async (signal, status) => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-interrupted-'));
    const result = await interrupted(signal, dir);
    expect(result).toEqual({ code: status, signal: null, out: '', err: `heaplab: stopped by ${signal}; ${join(dir, 'out.html')} was not written\n` });
    expect(readdirSync(dir)).toEqual([]);
  });
});
