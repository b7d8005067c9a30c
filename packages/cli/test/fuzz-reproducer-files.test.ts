import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDir } from '../src/io/output-dir.js';
import { runCli as run } from './support/run-cli.js';

describe('fuzz --out-dir', () => {
  it('is made with its parents when needed; checking it leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    await checkOutputDir(join(dir, 'n', 'm'), '--out-dir');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('that cannot be made is one located line, exit 2, before the campaign (and never hangs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-'));
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const cases: [string, string][] = [
      [file, 'is a file, not a directory'],
      [join(file, 'x'), 'cannot create the directory: a part of the path is a file, not a directory'],
    ];
    if (existsSync('/proc/self'))
      cases.push(
        ['/proc/nope', 'cannot create the directory: /proc does not take new directories'],
        ['/proc/self/nope/x', 'cannot create the directory: /proc/self does not take new directories'],
      );
    for (const [outDir, detail] of cases)
      expect(await run('fuzz', 'churn', '--seeds', '1', '--length', '100', '--minimize', '--out-dir', outDir), outDir).toEqual({
        status: 2,
        out: '',
        err: `heaplab: ${outDir}: --out-dir: ${detail}\n`,
      });
  }, 10_000);
});
