/**
 * Building the bundle again from the same sources (the package's prepack does, while other tests
 * may be running heaplab), from any working folder, leaves every file of the bundle as it was: no
 * heaplab that is starting meanwhile can read a file half written.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..');
const bundle = join(cli, 'bundle');

/** Each file of the bundle with its modification time (ns), the build's stamp (package.json) aside. */
function written(): Record<string, bigint> {
  const files = readdirSync(bundle).filter((name) => name !== 'package.json');
  return Object.fromEntries(files.map((name) => [name, statSync(join(bundle, name), { bigint: true }).mtimeNs]));
}

describe('the bundle build', () => {
  it('rewrites no file when the sources have not changed', () => {
    const before = written();
    expect(Object.keys(before)).toContain('main.js');
    // From another working folder: the package's prepack builds from its own, pnpm build from the root.
    execFileSync(process.execPath, [join(cli, 'scripts', 'build-bundle.mjs')], { stdio: 'ignore', cwd: tmpdir() });
    expect(written()).toEqual(before);
  });
});
