/**
 * How the user can run heaplab here, for the commands the text output suggests ("replay it with
 * …"): `heaplab` only works when it is on PATH, which a workspace checkout or a project-local
 * install does not give.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellWord } from '../render/shell-word.js';

/** What the choice depends on. */
export interface InvocationProbe {
  /** The @heaplab/cli package directory. */
  readonly cliDir: string;
  /** The working directory, where relative paths in the suggested commands start. */
  readonly cwd: string;
  /** The directories of PATH, in order. */
  readonly pathDirs: readonly string[];
  readonly exists: (file: string) => boolean;
  readonly readText: (file: string) => string;
  /** The file a path finally names (symlinks followed). */
  readonly realpath: (file: string) => string;
}

/**
 * The command prefix that runs this heaplab from the working directory: `pnpm heaplab` inside
 * the heaplab workspace checkout (its root package.json has the script), `heaplab` when PATH
 * leads to this very CLI (a global install), `npx heaplab` inside a project that has it in its
 * node_modules, otherwise `node <path of bin/heaplab.js>`. Outside the checkout or the project,
 * pnpm and npx would not find this heaplab.
 */
export function heaplabInvocation(probe: InvocationProbe = processProbe()): string {
  const { cliDir } = probe;
  const root = resolve(cliDir, '..', '..');
  if (
    resolve(root, 'packages', 'cli') === resolve(cliDir) &&
    probe.exists(join(root, 'pnpm-workspace.yaml')) &&
    hasHeaplabScript(probe, root) &&
    within(probe.cwd, root)
  ) {
    return 'pnpm heaplab';
  }
  const bin = join(cliDir, 'bin', 'heaplab.js');
  if (onPath(probe, bin)) return 'heaplab';
  const parts = resolve(cliDir).split(sep);
  const modules = parts.indexOf('node_modules');
  if (modules > 0 && within(probe.cwd, parts.slice(0, modules).join(sep) || sep)) return 'npx heaplab';
  return `node ${shellWord(bin)}`;
}

/** Whether `dir` is `top` or inside it. */
function within(dir: string, top: string): boolean {
  const inner = resolve(dir);
  const outer = resolve(top);
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** A suggested command (`heaplab replay x`) as the user can type it here. */
export function typedCommand(command: string, invocation = 'heaplab'): string {
  return command.startsWith('heaplab ') ? `${invocation}${command.slice('heaplab'.length)}` : command;
}

function hasHeaplabScript(probe: InvocationProbe, root: string): boolean {
  try {
    const manifest = JSON.parse(probe.readText(join(root, 'package.json'))) as { scripts?: Record<string, unknown> };
    return typeof manifest.scripts?.heaplab === 'string';
  } catch {
    return false;
  }
}

function onPath(probe: InvocationProbe, bin: string): boolean {
  const target = safeRealpath(probe, bin);
  return probe.pathDirs.some((dir) => {
    const candidate = join(dir, 'heaplab');
    return probe.exists(candidate) && safeRealpath(probe, candidate) === target;
  });
}

function safeRealpath(probe: InvocationProbe, file: string): string {
  try {
    return probe.realpath(file);
  } catch {
    return resolve(file);
  }
}

function processProbe(): InvocationProbe {
  return {
    cliDir: packageDir(),
    cwd: process.cwd(),
    pathDirs: (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''),
    exists: existsSync,
    readText: (file) => readFileSync(file, 'utf8'),
    realpath: realpathSync,
  };
}

/**
 * The @heaplab/cli folder: the nearest one above this module that holds bin/heaplab.js. The module
 * is src/io/invocation.ts under the tests, dist/io/invocation.js as compiled, or a chunk of bundle/.
 */
function packageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'heaplab.js')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
