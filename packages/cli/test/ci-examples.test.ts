/**
 * The CI examples in examples/ci, run here: their shard and merge scripts, on a small campaign put
 * in their campaign variables, give byte for byte what the unsharded `heaplab fuzz --json` prints,
 * and the merge job reports the first failing seed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, type CampaignRun, type ScriptResult } from './support/ci-shell.js';
import { runGithubCampaign } from './support/github-actions.js';
import { runGitlabCampaign } from './support/gitlab-ci.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'ci');
const pipelines = [
  { name: 'github-actions.yml', run: runGithubCampaign },
  { name: 'gitlab-ci.yml', run: runGitlabCampaign },
];

/** churn's seeds 1..12 at 6000 events: some end in a MemoryError. At 2000 events none does. One worker thread each: quicker to start. */
const failing = {
  values: { WORKLOAD: 'churn', SEEDS: '1..12', RUN_OPTIONS: '--length 6000', FUZZ_OPTIONS: '--workers 1' },
  whole: 'heaplab fuzz churn --seeds 1..12 --length 6000 --workers 1 --json',
};
const passing = {
  values: { WORKLOAD: 'churn', SEEDS: '1..8', RUN_OPTIONS: '--length 2000', FUZZ_OPTIONS: '--workers 1' },
  whole: 'heaplab fuzz churn --seeds 1..8 --length 2000 --workers 1 --json',
};

const unsharded = new Map<string, Promise<ScriptResult>>();
/** The unsharded campaign's `--json`, run once for both examples. */
function wholeRun(command: string): Promise<ScriptResult> {
  if (!unsharded.has(command)) unsharded.set(command, runScript(command, tmpdir(), {}));
  return unsharded.get(command)!;
}

function logs(run: CampaignRun): string {
  return [...run.shards, ...(run.merge === null ? [] : [run.merge])].map((job) => job.log).join('\n');
}

for (const { name, run } of pipelines) {
  describe(`examples/ci/${name}`, () => {
    it('4 shard jobs and the merge job give the unsharded campaign byte for byte, and a report on its first failing seed', async () => {
      const whole = await wholeRun(failing.whole);
      expect(whole.status).toBe(1);
      const result = await run(join(examples, name), failing.values, mkdtempSync(join(tmpdir(), 'heaplab-ci-')));
      expect(
        result.shards.map((s) => s.status),
        logs(result),
      ).toEqual([0, 0, 0, 0]);
      const merge = result.merge!;
      expect(merge, 'the merge job did not start').not.toBeNull();
      expect(merge.status, merge.log).toBe(1);
      expect([...merge.uploads.keys()].sort()).toEqual(['campaign.json', 'report.html']);
      expect(readFileSync(merge.uploads.get('campaign.json')!, 'utf8')).toBe(whole.out);

      const seed = (JSON.parse(whole.out) as { runs: { seed: string; failure: unknown }[] }).runs.find((r) => r.failure !== null)!.seed;
      const html = readFileSync(merge.uploads.get('report.html')!, 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`<title>heaplab report: workload churn, seed ${seed}</title>`);
      expect(html).toContain('strategy micropython, 6000 events.');
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
    }, 60_000);

    it('with no failing seed, the merge job passes and uploads the merged campaign, with no report', async () => {
      const whole = await wholeRun(passing.whole);
      expect(whole.status).toBe(0);
      const result = await run(join(examples, name), passing.values, mkdtempSync(join(tmpdir(), 'heaplab-ci-')));
      const merge = result.merge!;
      expect(merge, logs(result)).not.toBeNull();
      expect(merge.status, merge.log).toBe(0);
      expect([...merge.uploads.keys()]).toEqual(['campaign.json']);
      expect(readFileSync(merge.uploads.get('campaign.json')!, 'utf8')).toBe(whole.out);
      expect(merge.log).toContain('no seed ends in a MemoryError: no report');
    }, 60_000);
  });
}
