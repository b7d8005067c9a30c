/**
 * A fuzz campaign's result as one JSON object: the campaign (everything that decides the runs),
 * the shard it covers, and each seed's run in seed order. A sharded run and `heaplab merge` of
 * all its shards print the same bytes as the unsharded run, because both go through
 * `fuzzReport` from the same runs.
 */
import type { HeapConfigInput } from '@heaplab/core';
import type { Shard } from './shard.js';
import type { FuzzFailure } from './fuzz-task.js';

/** What decides a campaign's runs. */
export interface FuzzCampaign {
  /** A built-in workload's name or a spec file's path, as given. */
  readonly workload: string;
  /** For a spec file, the digest of its text (`specDigest`): the same path may hold another spec; null for a built-in workload. */
  readonly specDigest: string | null;
  readonly length: number;
  readonly heap: HeapConfigInput;
  readonly strategy: string;
  /** Every seed of the campaign, in order (all shards). */
  readonly seeds: readonly string[];
  readonly stopOnFirst: boolean;
  /** Candidate replays allowed per reproducer; 0 when not minimising. */
  readonly minimizeTests: number;
  /** Where reproducers are written, or null. */
  readonly reproducerDir: string | null;
}

/** One seed's result as reported. */
export interface FuzzResult {
  readonly seed: string;
  readonly failure:
    | (Omit<FuzzFailure, 'reproducer'> & { readonly reproducer: { readonly file: string; readonly events: number; readonly minimal: boolean } | null })
    | null;
  /** The command that runs the seed again. */
  readonly command: string;
}

export interface FuzzReport {
  readonly format: 'heaplab-fuzz';
  readonly version: 1;
  readonly campaign: FuzzCampaign;
  /** The share of the seeds this report covers; null for the whole campaign. */
  readonly shard: Shard | null;
  readonly failing: number;
  readonly runs: readonly FuzzResult[];
}

/**
 * The report over `runs` (any order): sorted into seed order and, for a stop-on-first
 * campaign, cut after the first failing seed.
 */
export function fuzzReport(campaign: FuzzCampaign, shard: Shard | null, runs: readonly FuzzResult[]): FuzzReport {
  const order = new Map(campaign.seeds.map((seed, i) => [seed, i]));
  let sorted = [...runs].sort((a, b) => order.get(a.seed)! - order.get(b.seed)!);
  if (campaign.stopOnFirst) {
    const first = sorted.findIndex((r) => r.failure !== null);
    if (first >= 0) sorted = sorted.slice(0, first + 1);
  }
  return { format: 'heaplab-fuzz', version: 1, campaign, shard, failing: sorted.filter((r) => r.failure !== null).length, runs: sorted };
}

/** The `--json` text of a report. */
export function fuzzJson(report: FuzzReport): string {
  return `${JSON.stringify(report)}\n`;
}
