/**
 * `heaplab merge SHARD.json...`: joins the `--json` results of a sharded fuzz campaign into
 * exactly what the unsharded campaign prints with `--json`.
 */
import { HeapInputError } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { readInputText } from '../../io/read-input.js';
import { fuzzJson, fuzzReport, type FuzzReport } from '../fuzz/fuzz-report.js';
import { checkShardRuns } from './shard-runs.js';

export async function merge(files: readonly string[], output: Output): Promise<ExitCode> {
  const reports: { file: string; report: FuzzReport }[] = [];
  for (const file of files) reports.push({ file, report: parseReport(file, await readInputText(file)) });
  const first = reports[0]!;
  const campaign = JSON.stringify(first.report.campaign);
  const count = first.report.shard!.count;
  const seen = new Map<number, string>();
  for (const { file, report } of reports) {
    if (JSON.stringify(report.campaign) !== campaign) {
      const specOnly = JSON.stringify({ ...report.campaign, specDigest: first.report.campaign.specDigest }) === campaign;
      const why = specOnly
        ? `the spec file ${report.campaign.workload} had other contents`
        : 'workload, spec contents, seeds, heap, strategy or options differ';
      throw new HeapInputError(`comes from another campaign than ${first.file} (${why})`, { file, field: 'campaign' });
    }
    if (report.shard!.count !== count)
      throw new HeapInputError(`is shard ${report.shard!.index}/${report.shard!.count}, but ${first.file} splits the campaign into ${count}`, {
        file,
        field: 'shard',
      });
    const twin = seen.get(report.shard!.index);
    if (twin !== undefined) throw new HeapInputError(`is shard ${report.shard!.index}/${count} again (so is ${twin})`, { file, field: 'shard' });
    seen.set(report.shard!.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const list = missing.length === 1 ? `shard ${missing[0]}` : `shards ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw new HeapInputError(`${list} of ${count} ${missing.length === 1 ? 'is' : 'are'} missing; give every shard's --json`, { field: 'merge' });
  }
  for (const { file, report } of reports) checkShardRuns(file, report);
  output.out(
    fuzzJson(
      fuzzReport(
        first.report.campaign,
        null,
        reports.flatMap(({ report }) => report.runs),
      ),
    ),
  );
  return reports.some(({ report }) => report.failing > 0) ? EXIT.found : EXIT.ok;
}

/** A shard's report, checked enough that merging it cannot go wrong silently. */
function parseReport(file: string, text: string): FuzzReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HeapInputError(`not JSON: ${(error as Error).message}`, { file });
  }
  const report = value as Partial<FuzzReport> | null;
  if (typeof report !== 'object' || report === null || report.format !== 'heaplab-fuzz')
    throw new HeapInputError('not the --json output of heaplab fuzz', { file, field: 'format' });
  if (report.version !== 1) throw new HeapInputError(`format version ${String(report.version)}; this heaplab reads 1`, { file, field: 'version' });
  if (report.shard === null || typeof report.shard !== 'object')
    throw new HeapInputError('is not a shard (run with --shard I/N); it is already a whole campaign', { file, field: 'shard' });
  if (typeof report.campaign !== 'object' || report.campaign === null || !Array.isArray(report.campaign.seeds) || !Array.isArray(report.runs)) {
    throw new HeapInputError('has no campaign or runs', { file, field: 'campaign' });
  }
  const seeds = new Set(report.campaign.seeds);
  const stray = report.runs.find((r) => !seeds.has(r.seed));
  if (stray !== undefined) throw new HeapInputError(`reports seed ${JSON.stringify(stray.seed)}, which is not in its campaign`, { file, field: 'runs' });
  return report as FuzzReport;
}
