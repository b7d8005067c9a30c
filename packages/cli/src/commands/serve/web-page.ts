/**
 * Where `heaplab serve` finds the web page (packages/web's build), and `heaplab report` the page's
 * chart it inlines. In heaplab's repository the page is packages/web/dist, beside the CLI's
 * package; an installed CLI carries a copy in its own package (web/, copied there at prepack by
 * scripts/web-page.mjs, which takes these paths from here). The repository's build is tried
 * first: it is never older than a copy a pack made.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeapInputError } from '@heaplab/core';

/** The folders that may hold the page, for the CLI package at `cliRoot`, in the order they are tried. */
export interface WebPageDirs {
  /** The build in heaplab's repository: `packages/web/dist`. */
  readonly workspace: string;
  /** The copy shipped in the CLI's package: `web/`. */
  readonly packaged: string;
}

/** Where the page may be, for the CLI package at `cliRoot`. */
export function webPageDirs(cliRoot: string): WebPageDirs {
  return { workspace: join(cliRoot, '..', 'web', 'dist'), packaged: join(cliRoot, 'web') };
}

/** The folder of the running CLI's package (with its package.json), whether it runs from src/, dist/ or bundle/. */
export function cliPackageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@heaplab/cli') return dir;
  }
  throw new Error(`no package.json of @heaplab/cli above ${fileURLToPath(import.meta.url)}`);
}

/** The first of {@link webPageDirs} for `cliRoot` that holds `file` (a path inside the page's build, such as `index.html`), or null. */
export function findWebBuild(file: string, cliRoot: string): string | null {
  const { workspace, packaged } = webPageDirs(cliRoot);
  return [workspace, packaged].find((candidate) => existsSync(join(candidate, file))) ?? null;
}

/** Why {@link findWebBuild} found no `file`: where it looked, and how to get the page's build. */
export function noWebBuild(file: string, cliRoot: string): string {
  const { workspace, packaged } = webPageDirs(cliRoot);
  return (
    `neither ${join(workspace, file)} nor ${join(packaged, file)} exists; ` +
    "reinstall @heaplab/cli (its package carries the page), build it in heaplab's repository with pnpm --filter @heaplab/web build"
  );
}

/**
 * The folder to serve: `dir` (`--dir`) when given, else the first of {@link webPageDirs} that
 * holds an `index.html`. Throws a HeapInputError saying how to get the page when there is none.
 */
export function findWebPage(dir: string | undefined, cliRoot: string = cliPackageRoot()): string {
  if (dir !== undefined) {
    if (!existsSync(join(dir, 'index.html'))) throw new HeapInputError(`no web page to serve: ${join(dir, 'index.html')} does not exist`, { field: '--dir' });
    return dir;
  }
  const found = findWebBuild('index.html', cliRoot);
  if (found !== null) return found;
  throw new HeapInputError(`no web page to serve: ${noWebBuild('index.html', cliRoot)}, or pass --dir DIR`);
}
