/**
 * Vitest's global set-up: the tests that start `bin/heaplab.js` run packages/cli/bundle, which
 * packages/cli/scripts/build-bundle.mjs builds from the sources. When a source it is built from is
 * newer than the bundle (or there is none), this builds it again first, so that no test runs a
 * stale bundle after a plain `tsc -b`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
/** Touched by every build of the bundle. */
const built = join(root, 'packages', 'cli', 'bundle', 'package.json');
const script = join(root, 'packages', 'cli', 'scripts', 'build-bundle.mjs');

/** The newest modification time (ms) of the files under `dir` that `keep` accepts. */
function newest(dir: string, keep: (name: string) => boolean): number {
  let latest = 0;
  for (const item of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (item.isFile() && keep(item.name)) latest = Math.max(latest, statSync(join(item.parentPath, item.name)).mtimeMs);
  }
  return latest;
}

/** Whether the bundle is older than a source, the build script or the lockfile. */
function stale(): boolean {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = ['cli', 'core', 'analysis', 'replay', 'workloads'].map((name) =>
    newest(join(root, 'packages', name, 'src'), (file) => file.endsWith('.ts') && !file.endsWith('.test.ts')),
  );
  return Math.max(...sources, statSync(script).mtimeMs, statSync(join(root, 'pnpm-lock.yaml')).mtimeMs) > builtAt;
}

export default function bundleCli(): void {
  if (stale()) execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
