/** Runs CI job scripts on this machine as the CI systems' bash does, with this repository's CLI as `heaplab`. */
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface ScriptResult {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** One CI job run here: its exit status, its scripts' output, and the files it uploaded (path in the artifact → file). */
export interface JobResult {
  readonly status: number;
  readonly log: string;
  readonly uploads: Map<string, string>;
}

/** A campaign pipeline run here: the shard jobs, then the merge job (null when the CI system would not start it). */
export interface CampaignRun {
  readonly shards: JobResult[];
  readonly merge: JobResult | null;
}

const cli = join(import.meta.dirname, '..', '..', 'bin', 'heaplab.js');
let binDir: string | null = null;

/** A directory holding `heaplab`, a link to the repository's bin/heaplab.js, as the examples' install step makes it. */
function heaplabBin(): string {
  if (binDir === null) {
    binDir = mkdtempSync(join(tmpdir(), 'heaplab-bin-'));
    symlinkSync(cli, join(binDir, 'heaplab'));
  }
  return binDir;
}

/** Runs a script with `bash -eo pipefail` (what GitHub Actions and GitLab CI both do) in `cwd`, with `env` added to the environment. */
export function runScript(script: string, cwd: string, env: Readonly<Record<string, string>>): Promise<ScriptResult> {
  const path = [heaplabBin(), dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  const options = { cwd, env: { ...process.env, ...env, PATH: path }, maxBuffer: 256 * 1024 * 1024 };
  return new Promise((resolve) => {
    execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], options, (error, out, err) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out, err });
    });
  });
}

/** The campaign variables, as a pipeline declares them with the test's values in place: a variable it does not declare is an error. */
export function campaignVariables(declared: Readonly<Record<string, unknown>> | undefined, values: Readonly<Record<string, string>>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(declared ?? {})) variables[name] = String(value);
  for (const [name, value] of Object.entries(values)) {
    if (!(name in variables)) throw new Error(`the pipeline declares no variable ${name}`);
    variables[name] = value;
  }
  return variables;
}
