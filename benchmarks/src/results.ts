/**
 * Where the benchmarks leave what they measured: benchmarks/results/, a markdown page each (and
 * benny's JSON beside it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The results folder, with a trailing slash. */
export const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/** Writes `page` to results/<name>.md and prints it. */
export function publishPage(name: string, page: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.md`, page);
  console.log(`\n${page}`);
}
