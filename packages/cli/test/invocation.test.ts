/**
 * The commands heaplab's text suggests ("run it again: …", "replay it with: …") are ones that
 * work where it runs: `pnpm heaplab` in the workspace checkout, `npx heaplab` from a project's
 * node_modules, `heaplab` when PATH leads to it. `--json` keeps them as `heaplab …`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heaplabInvocation, typedCommand, type InvocationProbe } from '../src/io/invocation.js';
import { main } from '../src/main.js';
import { shellWord } from '../src/render/shell-word.js';

/** A probe over a made-up file system: `files` maps paths to contents, `links` symlinks to targets. */
function probe(
  cliDir: string,
  files: Record<string, string>,
  options: { path?: string[]; links?: Record<string, string>; cwd?: string } = {},
): InvocationProbe {
  const links = options.links ?? {};
  return {
    cliDir,
    cwd: options.cwd ?? '/src/heaplab',
    pathDirs: options.path ?? ['/usr/bin'],
    exists: (file) => file in files || file in links,
    readText: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT ${file}`);
      return text;
    },
    realpath: (file) => links[file] ?? file,
  };
}

const workspace = {
  '/src/heaplab/pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
  '/src/heaplab/package.json': '{"scripts":{"heaplab":"node packages/cli/bin/heaplab.js"}}',
};

describe('how heaplab is run here', () => {
  it('pnpm heaplab in the workspace checkout (its root has the script)', () => {
    expect(heaplabInvocation(probe('/src/heaplab/packages/cli', workspace))).toBe('pnpm heaplab');
    const noScript = { ...workspace, '/src/heaplab/package.json': '{"scripts":{}}' };
    expect(heaplabInvocation(probe('/src/heaplab/packages/cli', noScript))).toBe('node /src/heaplab/packages/cli/bin/heaplab.js');
    // From a folder of the checkout (the script starts in the user's folder: bin/heaplab.js), but not from outside it.
    expect(heaplabInvocation(probe('/src/heaplab/packages/cli', workspace, { cwd: '/src/heaplab/packages' }))).toBe('pnpm heaplab');
    expect(heaplabInvocation(probe('/src/heaplab/packages/cli', workspace, { cwd: '/src/heaplab-traces' }))).toBe(
      'node /src/heaplab/packages/cli/bin/heaplab.js',
    );
    expect(heaplabInvocation(probe('/src/heaplab/packages/cli', workspace, { cwd: '/tmp' }))).toBe('node /src/heaplab/packages/cli/bin/heaplab.js');
  });

  it('heaplab when PATH leads to this CLI, npx heaplab from node_modules, else node and the path', () => {
    const cli = '/usr/lib/node_modules/@heaplab/cli';
    const global = probe(cli, {}, { path: ['/usr/local/bin', '/usr/bin'], links: { '/usr/bin/heaplab': `${cli}/bin/heaplab.js` } });
    expect(heaplabInvocation(global)).toBe('heaplab');
    const other = probe(cli, {}, { links: { '/usr/bin/heaplab': '/elsewhere/bin/heaplab.js' } });
    expect(heaplabInvocation(other)).toBe(`node ${cli}/bin/heaplab.js`);
    expect(heaplabInvocation(probe('/home/me/app/node_modules/@heaplab/cli', {}, { cwd: '/home/me/app/data' }))).toBe('npx heaplab');
    expect(heaplabInvocation(probe('/home/me/app/node_modules/@heaplab/cli', {}, { cwd: '/home/me' }))).toBe(
      'node /home/me/app/node_modules/@heaplab/cli/bin/heaplab.js',
    );
    expect(heaplabInvocation(probe('/opt/my tools/cli', {}))).toBe("node '/opt/my tools/cli/bin/heaplab.js'");
  });

  it('this checkout is the workspace, and the suggested commands carry the prefix', () => {
    expect(heaplabInvocation()).toBe('pnpm heaplab');
    expect(typedCommand('heaplab replay a.events', 'npx heaplab')).toBe('npx heaplab replay a.events');
    expect(typedCommand('heaplab replay a.events')).toBe('heaplab replay a.events');
    expect([shellWord('churn-3.events'), shellWord('my trace.ndjson'), shellWord("it's")]).toEqual(['churn-3.events', "'my trace.ndjson'", "'it'\\''s'"]);
  });
});

describe('suggested commands in the output', () => {
  async function run(invocation: string, ...args: string[]): Promise<string> {
    let out = '';
    const capture = (t: string): void => {
      out += t;
    };
    await main(args, { out: capture, err: () => undefined, progressStream: null, invocation });
    return out;
  }

  it('text takes the prefix; --json keeps heaplab …', async () => {
    const text = await run('npx heaplab', 'run', 'churn', '--seed', '7', '--length', '300');
    expect(text).toContain('  run it again: npx heaplab run churn --seed 7 --length 300\n');
    const json = JSON.parse(await run('npx heaplab', 'run', 'churn', '--seed', '7', '--length', '300', '--json')) as { command: string };
    expect(json.command).toBe('heaplab run churn --seed 7 --length 300');
  });

  it('the heaplab binary of this checkout suggests pnpm heaplab', () => {
    const bin = resolve(import.meta.dirname, '..', 'bin', 'heaplab.js');
    const out = execFileSync(process.execPath, [bin, 'run', 'churn', '--seed', '7', '--length', '300'], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..'),
    });
    expect(out).toContain('  run it again: pnpm heaplab run churn --seed 7 --length 300\n');
  });

  it("run as the checkout's pnpm heaplab script from a folder of it, reads paths from that folder", () => {
    const bin = resolve(import.meta.dirname, '..', 'bin', 'heaplab.js');
    const packages = resolve(import.meta.dirname, '..', '..');
    const { status, stdout } = spawnSync(process.execPath, [bin, 'replay', 'replay/test/fixtures/traces/b_lcg_frag_32k.ndjson'], {
      encoding: 'utf8',
      // What pnpm does: the script starts in the root, INIT_CWD is where the user typed it.
      cwd: resolve(packages, '..'),
      env: { ...process.env, npm_lifecycle_event: 'heaplab', INIT_CWD: packages },
    });
    // The trace's MemoryError: exit 1.
    expect({ status, checkpoints: stdout.includes('checkpoints (gc_info): 4 of 4 match the device') }).toEqual({ status: 1, checkpoints: true });
  });
});
