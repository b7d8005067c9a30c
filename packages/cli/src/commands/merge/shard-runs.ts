/**
 * A shard's runs checked against its share of the campaign's seeds. The merge sorts and counts
 * whatever runs it is given, so a shard with a run deleted, repeated or taken from another shard
 * would otherwise merge into a whole-looking campaign that reports seeds nobody ran (or ran twice).
 */
import { HeapInputError } from '@heaplab/core';
import { seedsOfShard } from '../fuzz/shard.js';
import type { FuzzReport } from '../fuzz/fuzz-report.js';

/**
 * Throws unless `report.runs` holds each seed of its shard once and nothing else: every seed, or
 * with `--stop-on-first` the shard's seeds up to its first failing one.
 */
export function checkShardRuns(file: string, report: FuzzReport): void {
  const { campaign, runs } = report;
  const shard = report.shard!;
  const name = `shard ${shard.index}/${shard.count}`;
  const ran = new Set<string>();
  for (const run of runs) {
    if (ran.has(run.seed)) throw new HeapInputError(`reports seed ${seedText(run.seed)} twice`, { file, field: 'runs' });
    ran.add(run.seed);
  }
  const own = seedsOfShard(campaign.seeds, shard);
  const ownSet = new Set(own);
  const foreign = runs.find((r) => !ownSet.has(r.seed));
  if (foreign !== undefined) throw new HeapInputError(`reports seed ${seedText(foreign.seed)}, which is not one of ${name}`, { file, field: 'runs' });
  // A stop-on-first shard stops after its first failing seed: the seeds after it are not owed.
  const firstFailing = campaign.stopOnFirst ? own.findIndex((seed) => runs.some((r) => r.seed === seed && r.failure !== null)) : -1;
  const owed = firstFailing < 0 ? own : own.slice(0, firstFailing + 1);
  const late = runs.find((r) => !owed.includes(r.seed));
  if (late !== undefined)
    throw new HeapInputError(`reports seed ${seedText(late.seed)}, after the first failing seed of a --stop-on-first campaign`, { file, field: 'runs' });
  const missing = owed.filter((seed) => !ran.has(seed));
  if (missing.length > 0)
    throw new HeapInputError(`lacks ${seedList(missing)} of ${name} (${runs.length} of ${owed.length} runs); run the shard again`, {
      file,
      field: 'runs',
    });
}

/** A seed as the user wrote it: a whole number bare, a name quoted. */
function seedText(seed: string): string {
  return /^\d+$/.test(seed) ? seed : JSON.stringify(seed);
}

/** "seed 4", "seeds 4 and 7", "seeds 1, 4, 7 and 3 more". */
function seedList(seeds: readonly string[]): string {
  const shown = seeds.slice(0, 8).map(seedText);
  if (seeds.length === 1) return `seed ${shown[0]}`;
  if (seeds.length > shown.length) return `seeds ${shown.join(', ')} and ${seeds.length - shown.length} more`;
  return `seeds ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
