import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOps, runOps } from '@heaplab/core';

const dir = join(import.meta.dirname, 'fixtures', 'conformance');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ops'))
  .map((f) => f.slice(0, -'.ops'.length))
  .sort();

/** Which build made each file (see fixtures/conformance/README.md). */
function versionOf(name: string): string {
  return /(^|_)v119_/.test(name) ? '1.19' : '1.27';
}

describe('conformance: transcripts of the real py/gc.c, byte for byte', () => {
  it('has every fixture', () => {
    expect(names).toHaveLength(15);
  });

  for (const name of names) {
    it(name, () => {
      const file = join(dir, `${name}.ops`);
      const script = parseOps(readFileSync(file, 'utf8'), file);
      const { transcript } = runOps(script, { mpyVersion: versionOf(name), file });
      expect(transcript).toBe(readFileSync(join(dir, `${name}.expected`), 'utf8'));
    });
  }
});
