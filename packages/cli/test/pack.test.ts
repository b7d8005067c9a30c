/**
 * The packages as a user gets them: `pnpm -r pack` builds the tarballs (prepack runs tsc -b),
 * each is checked for what it must and must not hold, then they are installed with npm in an
 * empty folder (third-party dependencies from the registry, @heaplab/* from the tarballs) and the
 * installed `heaplab` is run there, `heaplab serve` serving the web page its package carries and
 * `heaplab report` inlining the chart it carries with it.
 * Slow (an npm install): it has its own timeouts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const packages = ['core', 'analysis', 'replay', 'workloads', 'record', 'cli'];
const spec = join(root, 'packages', 'workloads', 'examples', 'sensor-logger.yaml');
const trace = join(root, 'packages', 'replay', 'test', 'fixtures', 'traces', 'e_frames_48k_split2.ndjson.gz');
const dump = join(root, 'packages', 'core', 'test', 'fixtures', 'oracle', 'b_fragmentation.mcu.out.txt');
/** The web page's build (pnpm build), which the CLI's package carries in its web/ folder. */
const webDist = join(root, 'packages', 'web', 'dist');

let work = '';
/** Tarball path by package directory name (core, analysis, replay, workloads, record, cli). */
const tarballs = new Map<string, string>();
/** Where each tarball is unpacked (its `package/` folder). */
const unpacked = new Map<string, string>();

/** What a finished command left: its exit status and its output as text. */
interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/**
 * Runs a command without blocking the test worker (an npm install takes most of a minute, and
 * a worker that does not answer vitest for a minute is counted as lost).
 */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (error) => done({ status: null, stdout, stderr, error }));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** pnpm as the tests run under it (npm_execpath under `pnpm test`), else pnpm 10 through npx. */
function pnpm(args: readonly string[], cwd: string): Promise<Ran> {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm/.test(basename(execpath))) {
    return /\.[cm]?js$/.test(execpath) ? run(process.execPath, [execpath, ...args], cwd) : run(execpath, args, cwd);
  }
  return run('npx', ['-y', 'pnpm@10', ...args], cwd);
}

/**
 * The environment for npm: pnpm's own npm_* and pnpm_* variables (its config, lifecycle and
 * package fields) are dropped; how to reach the registry is kept.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => keep.test(key) || !/^(npm|pnpm)_/i.test(key)));
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Whether `path` lies inside `dir`. */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'heaplab-pack-'));
  const out = join(work, 'tarballs');
  mkdirSync(out);
  const packed = await pnpm(['-r', '--filter', './packages/*', '--workspace-concurrency=1', 'pack', '--pack-destination', out], root);
  expect(packed.status, `pnpm -r pack: ${packed.stderr}${packed.error ?? ''}`).toBe(0);
  for (const name of packages) {
    const tarball = join(out, `heaplab-${name}-${JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version}.tgz`);
    expect(existsSync(tarball), tarball).toBe(true);
    tarballs.set(name, tarball);
    const into = join(work, 'unpacked', name);
    mkdirSync(into, { recursive: true });
    expect((await run('tar', ['xzf', tarball, '-C', into], work)).status).toBe(0);
    unpacked.set(name, join(into, 'package'));
  }
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it.each(packages)('@heaplab/%s holds LICENSE, README.md, package.json and its build; no build info, no tests', (name) => {
    const dir = unpacked.get(name) ?? '';
    const files = filesUnder(dir);
    const entry = name === 'cli' ? 'main' : 'index';
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', `dist/${entry}.js`, `dist/${entry}.d.ts`, `src/${entry}.ts`]));
    // The command runs the bundle (bundle/, CommonJS like bin/), which holds what it needs but piscina.
    if (name === 'cli') expect(files).toEqual(expect.arrayContaining(['bin/heaplab.js', 'bin/package.json', 'bundle/main.js', 'bundle/package.json']));
    // `heaplab serve`'s page (@heaplab/web is private): packages/web/dist as built, copied at
    // prepack and removed from the repository again at postpack.
    if (name === 'cli') {
      expect(files.filter((file) => file.startsWith('web/'))).toEqual(filesUnder(webDist).map((file) => `web/${file}`));
      expect(readFileSync(join(dir, 'web', 'index.html'), 'utf8')).toBe(readFileSync(join(webDist, 'index.html'), 'utf8'));
      expect(existsSync(join(root, 'packages', 'cli', 'web'))).toBe(false);
    }
    expect(files.filter((file) => file.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(files.filter((file) => /(^|\/)test\/|\.test\.|\.spec\./.test(file))).toEqual([]);
    const manifest = readFileSync(join(dir, 'package.json'), 'utf8');
    expect(manifest).not.toContain('workspace:');
    expect(JSON.parse(manifest)).toMatchObject({ license: 'MIT', engines: { node: '>=20' } });
  });

  it.each(packages)('@heaplab/%s: every source map and every sourceMappingURL resolves inside the tarball', (name) => {
    const dir = unpacked.get(name) ?? '';
    const files = filesUnder(dir);
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot, sourcesContent } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as {
        sources: string[];
        sourceRoot?: string;
        sourcesContent?: (string | null)[];
      };
      expect(sources.length, map).toBeGreaterThan(0);
      for (const [i, source] of sources.entries()) {
        const path = resolve(dir, dirname(map), sourceRoot ?? '', source);
        if (inside(dir, path) && existsSync(path)) continue;
        // The bundle's maps carry the sources of what it took from other packages.
        if (!inside(dir, path) && map.startsWith('bundle/') && typeof sourcesContent?.[i] === 'string') continue;
        missing.push(`${map}: ${source}`);
      }
    }
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      if (url === undefined) continue;
      const path = resolve(dir, dirname(file), url);
      if (!inside(dir, path) || !existsSync(path)) missing.push(`${file}: ${url}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the tarballs installed with npm', () => {
  it('installs, and the installed heaplab prints its version, replays a device trace, inspects a dump, runs workloads, serves the web page and writes a report', async () => {
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'heaplab-pack-test', version: '1.0.0', private: true })}\n`);
    const env = npmEnv();
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', ...packages.map((name) => tarballs.get(name) ?? '')], app, env);
    expect(installed.status, installed.stderr).toBe(0);

    // Every @heaplab package in the tree is one of the tarballs, none from the registry.
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string; version?: string }> };
    const heaplab = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@heaplab\//.test(path));
    expect(heaplab.map(([path]) => path).sort()).toEqual(packages.map((name) => `node_modules/@heaplab/${name}`).sort());
    for (const [, entry] of heaplab) expect(entry.resolved).toMatch(/^file:.*\.tgz$/);
    expect(readFileSync(join(app, 'node_modules', '@heaplab', 'core', 'src', 'index.ts'), 'utf8')).toBe(
      readFileSync(join(root, 'packages', 'core', 'src', 'index.ts'), 'utf8'),
    );

    const heaplabCli = (...args: string[]) => run('npx', ['--no', '--', 'heaplab', ...args], app, env);
    const repoCli = (...args: string[]) => run(process.execPath, [join(root, 'packages', 'cli', 'bin', 'heaplab.js'), ...args], app);

    const cliVersion = (JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string }).version;
    const version = await heaplabCli('--version');
    expect({ status: version.status, out: version.stdout, err: version.stderr }).toEqual({ status: 0, out: `${cliVersion}\n`, err: '' });

    copyFileSync(trace, join(app, 'trace.ndjson.gz'));
    const replay = await heaplabCli('replay', 'trace.ndjson.gz');
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain('MemoryError at line 67281 (event 34501): memory allocation failed, allocating 4480 bytes');
    expect(replay.stdout).toContain('reproduced: the engine fails the same request');
    // The same output, but for how each suggests running heaplab (the repository's CLI, run outside the checkout: `node …/bin/heaplab.js`).
    const typed = (text: string): string => text.replace(/(?:pnpm heaplab|npx heaplab|node \S*bin\/heaplab\.js|heaplab) (explain|replay|run) /g, 'heaplab $1 ');
    expect(typed(replay.stdout)).toBe(typed((await repoCli('replay', 'trace.ndjson.gz')).stdout));

    copyFileSync(dump, join(app, 'dump.txt'));
    const inspect = await heaplabCli('inspect', 'dump.txt');
    expect(inspect.stderr).toBe('');
    expect(inspect.status).toBe(0);
    expect(inspect.stdout).toContain('largest run    31 blocks (496 bytes) in area 0 at block 1920');
    expect(inspect.stdout).toBe((await repoCli('inspect', 'dump.txt')).stdout);

    // A built-in workload, and a spec file (read with the yaml and zod of the CLI's bundle).
    copyFileSync(spec, join(app, 'logger.yaml'));
    for (const workload of ['engine-churn', 'logger.yaml']) {
      const ran = await heaplabCli('run', workload, '--seed', '3', '--length', '4000', '--json');
      expect(ran.stderr, workload).toBe('');
      expect(JSON.parse(ran.stdout), workload).toMatchObject({ events: 4000 });
      expect(ran.stdout, workload).toBe((await repoCli('run', workload, '--seed', '3', '--length', '4000', '--json')).stdout);
    }

    // `heaplab serve` with no --dir serves the page its package carries (there is no packages/web here).
    const bin = join(app, 'node_modules', '.bin', 'heaplab');
    const serving = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: app, env });
    let said = '';
    let complained = '';
    serving.stderr.setEncoding('utf8').on('data', (text: string) => (complained += text));
    const stopped = new Promise<number | null>((done) => serving.on('close', done));
    try {
      const url = await new Promise<string>((found, failed) => {
        serving.stdout.setEncoding('utf8').on('data', (text: string) => {
          said += text;
          const address = /^heaplab serve: the web page is at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(said)?.[1];
          if (address !== undefined) found(address);
        });
        serving.on('close', (status) => failed(new Error(`heaplab serve ended (${status}) before it served: ${said}${complained}`)));
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(readFileSync(join(webDist, 'index.html'), 'utf8'));
    } finally {
      serving.kill('SIGTERM');
    }
    expect({ status: await stopped, err: complained }).toEqual({ status: 0, err: '' });

    // `heaplab report` inlines the page's chart from the copy its package carries: the repository's report, byte for byte.
    const reported = await heaplabCli('report', 'engine-churn', '--seed', '3', '--length', '4000', '-o', 'installed.html');
    expect({ status: reported.status, err: reported.stderr }).toEqual({ status: 0, err: '' });
    expect((await repoCli('report', 'engine-churn', '--seed', '3', '--length', '4000', '-o', 'repository.html')).status).toBe(0);
    expect(readFileSync(join(app, 'installed.html'), 'utf8')).toBe(readFileSync(join(app, 'repository.html'), 'utf8'));

    // Without its page, one line that says how to get it, and bad input; the same for the report's chart.
    const shipped = join(app, 'node_modules', '@heaplab', 'cli', 'web');
    renameSync(shipped, `${shipped}-away`);
    const none = await run(process.execPath, [bin, 'serve', '--port', '0'], app, env);
    const noChart = await run(process.execPath, [bin, 'report', 'engine-churn', '--length', '100', '-o', 'none.html'], app, env);
    renameSync(`${shipped}-away`, shipped);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^heaplab: no web page to serve: neither \S+ nor \S+ exists; reinstall @heaplab\/cli .*, or pass --dir DIR\n$/);
    expect({ status: noChart.status, out: noChart.stdout }).toEqual({ status: 2, out: '' });
    expect(noChart.stderr).toMatch(/^heaplab: the report's chart is not built: neither \S+ nor \S+ exists; reinstall @heaplab\/cli .*\n$/);
    expect(existsSync(join(app, 'none.html'))).toBe(false);
  }, 240_000);
});
