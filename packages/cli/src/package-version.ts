import { readFileSync } from 'node:fs';

/**
 * The version of @heaplab/cli, read from its package.json at run time. Both `src/` and `dist/` sit
 * beside package.json, so this holds in the repository and in an installed package alike.
 */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('@heaplab/cli: package.json has no version');
  return version;
}
