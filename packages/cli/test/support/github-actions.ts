/**
 * Runs a GitHub Actions workflow's `fuzz` matrix and `merge` job on this machine: every `run` step
 * but the one with id `install` (the test's `heaplab` is this repository's CLI), each matrix entry
 * in its own directory, with files passed between jobs as actions/upload-artifact and
 * actions/download-artifact pass them.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { campaignVariables, runScript, type CampaignRun, type JobResult } from './ci-shell.js';

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, unknown>;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly needs?: string | string[];
  readonly env?: Record<string, unknown>;
  readonly strategy?: { readonly matrix?: Record<string, unknown[]> };
  readonly steps: Step[];
}

interface Workflow {
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

/** Uploaded artifacts by name: path in the artifact → file on disk. */
type Artifacts = Map<string, Map<string, string>>;

export async function runGithubCampaign(file: string, values: Record<string, string>, dir: string): Promise<CampaignRun> {
  const workflow = parse(readFileSync(file, 'utf8')) as Workflow;
  const variables = campaignVariables(workflow.env, values);
  const fuzz = workflow.jobs.fuzz!;
  const merge = workflow.jobs.merge!;
  const matrix = Object.entries(fuzz.strategy?.matrix ?? {});
  if (matrix.length !== 1) throw new Error('the fuzz job needs a matrix of one dimension');
  const [key, entries] = matrix[0]!;
  const artifacts: Artifacts = new Map();
  const shards = await Promise.all(
    entries.map((entry) => runJob(fuzz, { [`matrix.${key}`]: String(entry) }, variables, join(dir, `fuzz-${entry}`), artifacts)),
  );
  const needs = [merge.needs ?? []].flat();
  const runs = needs.includes('fuzz') && shards.every((s) => s.status === 0);
  return { shards, merge: runs ? await runJob(merge, {}, variables, join(dir, 'merge'), artifacts) : null };
}

async function runJob(job: Job, context: Record<string, string>, variables: Record<string, string>, cwd: string, artifacts: Artifacts): Promise<JobResult> {
  mkdirSync(cwd, { recursive: true });
  let status = 0;
  let log = '';
  const uploads = new Map<string, string>();
  for (const step of job.steps) {
    if (!shouldRun(step, status)) continue;
    const input = (name: string): string => expand(String(step.with?.[name] ?? ''), context);
    if (step.run !== undefined) {
      if (step.id === 'install') continue;
      const env = { ...variables, ...strings(job.env), ...strings(step.env) };
      const result = await runScript(expand(step.run, context), cwd, env);
      log += result.out + result.err;
      if (result.status !== 0) status = result.status;
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      const files = input('path')
        .split('\n')
        .filter((p) => p !== '')
        .map((p) => join(cwd, p))
        .filter((f) => existsSync(f));
      if (files.length === 0 && input('if-no-files-found') === 'error') status = 1;
      const root = files.map(dirname).reduce((a, b) => commonDir(a, b), files[0] === undefined ? cwd : dirname(files[0]));
      const content = new Map(files.map((f) => [relative(root, f), f]));
      artifacts.set(input('name'), content);
      for (const [path, f] of content) uploads.set(path, f);
    } else if (step.uses?.startsWith('actions/download-artifact@')) {
      const pattern = new RegExp(
        `^${input('pattern')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      );
      for (const [name, content] of artifacts) {
        if (!pattern.test(name)) continue;
        const target = input('merge-multiple') === 'true' ? join(cwd, input('path')) : join(cwd, input('path'), name);
        for (const [path, f] of content) {
          mkdirSync(dirname(join(target, path)), { recursive: true });
          copyFileSync(f, join(target, path));
        }
      }
    } else if (!['actions/checkout@', 'actions/setup-node@'].some((a) => step.uses?.startsWith(a))) {
      throw new Error(`a step this test cannot run: ${JSON.stringify(step)}`);
    }
  }
  return { status, log, uploads };
}

/** A step runs when no step before it failed, or, with `if: always()` or `!cancelled()`, anyway. */
function shouldRun(step: Step, status: number): boolean {
  if (step.if === undefined) return status === 0;
  if (/^(\$\{\{\s*)?(always\(\)|!cancelled\(\))(\s*\}\})?$/.test(step.if.trim())) return true;
  throw new Error(`a step condition this test cannot evaluate: ${step.if}`);
}

/** Puts the matrix values in place of `${{ matrix.KEY }}`; any other expression is an error. */
function expand(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (expression, name: string) => {
    const value = context[name.trim()];
    if (value === undefined) throw new Error(`an expression this test cannot evaluate: ${expression}`);
    return value;
  });
}

function strings(values: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}

function commonDir(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join(sep) || sep;
}
