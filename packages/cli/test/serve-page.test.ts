/**
 * Where `heaplab serve` finds the web page: `--dir` when given, else packages/web/dist beside the
 * CLI's package (heaplab's repository), else the copy the CLI's package carries (web/, what an
 * installed CLI has); with none, one line that says how to get it. The installed CLI serving its
 * copy is in pack.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPackageRoot, findWebPage, webPageDirs } from '../src/commands/serve/web-page.js';

const work = mkdtempSync(join(tmpdir(), 'heaplab-serve-page-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A CLI package folder at `<work>/<name>/cli` with the given pages (each a folder holding index.html). */
function layout(name: string, pages: readonly ('packaged' | 'workspace')[]): string {
  const cli = join(work, name, 'cli');
  mkdirSync(cli, { recursive: true });
  for (const page of pages) {
    const dir = webPageDirs(cli)[page];
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${page}</title>\n`);
  }
  return cli;
}

describe('the web page heaplab serve finds', () => {
  it("is packages/web/dist in heaplab's repository (a fresh build over a copy a pack left), else the CLI package's web/", () => {
    const both = layout('both', ['packaged', 'workspace']);
    expect(findWebPage(undefined, both)).toBe(join(work, 'both', 'web', 'dist'));
    const workspace = layout('workspace', ['workspace']);
    expect(findWebPage(undefined, workspace)).toBe(join(work, 'workspace', 'web', 'dist'));
    const packaged = layout('packaged', ['packaged']);
    expect(findWebPage(undefined, packaged)).toBe(join(packaged, 'web'));
  });

  it('is --dir when given, over both', () => {
    const both = layout('dir', ['packaged', 'workspace']);
    const dir = join(work, 'dir', 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>\n');
    expect(findWebPage(dir, both)).toBe(dir);
    expect(() => findWebPage(join(work, 'dir'), both)).toThrow(`--dir: no web page to serve: ${join(work, 'dir', 'index.html')} does not exist`);
  });

  it('with none, is bad input that says where it looked and how to get the page', () => {
    const none = layout('none', []);
    let thrown: unknown;
    try {
      findWebPage(undefined, none);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HeapInputError);
    expect((thrown as Error).message).toBe(
      `no web page to serve: neither ${join(work, 'none', 'web', 'dist', 'index.html')} nor ${join(none, 'web', 'index.html')} exists; ` +
        "reinstall @heaplab/cli (its package carries the page), build it in heaplab's repository with pnpm --filter @heaplab/web build, or pass --dir DIR",
    );
  });

  it("the CLI's package is found from where its code runs", () => {
    expect(cliPackageRoot()).toBe(join(import.meta.dirname, '..'));
  });
});
