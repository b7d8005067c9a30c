/**
 * Runs a GitLab CI pipeline's `fuzz` job (`parallel: N`) and `merge` job on this machine: each job's
 * `script` (not `before_script`, the install: the test's `heaplab` is this repository's CLI), each
 * parallel job in its own directory with CI_NODE_INDEX and CI_NODE_TOTAL, and the artifacts of the
 * jobs a job `needs` copied into its directory as GitLab does.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { campaignVariables, runScript, type CampaignRun, type JobResult } from './ci-shell.js';

interface Job {
  readonly script: string | string[];
  readonly parallel?: unknown;
  readonly needs?: string[];
  readonly variables?: Record<string, unknown>;
  readonly artifacts?: { readonly paths?: string[]; readonly when?: string };
}

interface Pipeline {
  readonly variables?: Record<string, unknown>;
  readonly fuzz: Job;
  readonly merge: Job;
}

export async function runGitlabCampaign(file: string, values: Record<string, string>, dir: string): Promise<CampaignRun> {
  const pipeline = parse(readFileSync(file, 'utf8')) as Pipeline;
  const variables = campaignVariables(pipeline.variables, values);
  const { fuzz, merge } = pipeline;
  const total = fuzz.parallel;
  if (typeof total !== 'number') throw new Error('the fuzz job needs parallel: N');
  const nodes = Array.from({ length: total }, (_, i) => String(i + 1));
  const shards = await Promise.all(
    nodes.map((index) => runJob(fuzz, { ...variables, CI_NODE_INDEX: index, CI_NODE_TOTAL: String(total) }, join(dir, `fuzz-${index}`))),
  );
  if (!(merge.needs ?? []).includes('fuzz') || shards.some((s) => s.status !== 0)) return { shards, merge: null };
  const cwd = join(dir, 'merge');
  for (const shard of shards)
    for (const [path, file] of shard.uploads) {
      mkdirSync(dirname(join(cwd, path)), { recursive: true });
      copyFileSync(file, join(cwd, path));
    }
  return { shards, merge: await runJob(merge, variables, cwd) };
}

async function runJob(job: Job, variables: Record<string, string>, cwd: string): Promise<JobResult> {
  mkdirSync(cwd, { recursive: true });
  const env = { ...variables, ...Object.fromEntries(Object.entries(job.variables ?? {}).map(([k, v]) => [k, String(v)])) };
  const result = await runScript([job.script].flat().join('\n'), cwd, env);
  const when = job.artifacts?.when ?? 'on_success';
  const uploaded = when === 'always' || when === (result.status === 0 ? 'on_success' : 'on_failure');
  const uploads = new Map<string, string>();
  for (const path of uploaded ? (job.artifacts?.paths ?? []) : []) {
    const file = join(cwd, path);
    if (!existsSync(file)) continue;
    const files = statSync(file).isDirectory() ? listFiles(file) : [file];
    for (const f of files) uploads.set(relative(cwd, f), f);
  }
  return { status: result.status, log: result.out + result.err, uploads };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
