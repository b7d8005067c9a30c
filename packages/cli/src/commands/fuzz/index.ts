/**
 * `heaplab fuzz WORKLOAD --seeds 1..N`: a campaign looking for MemoryErrors. Seeds run on worker
 * threads; each failure is explained and, with `--minimize`, shrunk to a reproducer file.
 * `--shard I/N` runs one share of the seeds; `heaplab merge` joins the shards' `--json` into
 * exactly what the unsharded run prints.
 */
import { configInput, createHeap, HeapInputError, resolveConfig, strategySpec } from '@heaplab/core';
import { formatEngineTrace } from '@heaplab/replay';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { startProgress } from '../../io/progress.js';
import { chooseHeap, type HeapChoice } from '../../options/heap-choice.js';
import { runCommandLine } from '../../render/run-command-line.js';
import { chooseSeeds } from '../../options/seed-list.js';
import { runTasks, workersFor } from '../../task-pool.js';
import { wholeNumber } from '../../options/whole-number.js';
import { workerCount } from '../../options/worker-count.js';
import { makeOutputDir } from '../../io/output-dir.js';
import { runLength } from '../../options/run-length.js';
import { writeOutputFile } from '../../io/write-output.js';
import { readWorkloadSource, workloadFiles, workloadOf } from '../../resolve-workload.js';
import { fuzzJson, fuzzReport, type FuzzCampaign, type FuzzResult } from './fuzz-report.js';
import { runFuzzTask, type FuzzRun, type FuzzTask } from './fuzz-task.js';
import { renderFuzz } from './render-fuzz.js';
import { checkReproducerFiles, defaultReproducerDir, reproducerFile } from './reproducer-files.js';
import { parseShard, seedsOfShard } from './shard.js';
import { specDigest } from './spec-digest.js';

export interface FuzzCommandOptions extends HeapChoice {
  /** Whole numbers (`1..100`, `3,7`); seeds given by name come as `seedName`. */
  readonly seeds?: string;
  readonly seedName?: readonly string[];
  readonly length?: string;
  readonly stopOnFirst?: boolean;
  readonly minimize?: boolean;
  /** With `minimize`: candidate replays per reproducer, a whole number (default `DEFAULT_MAX_TESTS`). */
  readonly maxTests?: string;
  readonly outDir?: string;
  readonly force?: boolean;
  readonly shard?: string;
  readonly workers?: string;
  readonly json?: boolean;
}

/** Seeds a campaign runs when none are given. */
const DEFAULT_FUZZ_SEEDS = '1..100';

/** Candidate replays per reproducer when `--minimize` is given without `--max-tests`. */
const DEFAULT_MAX_TESTS = '2000';

export async function fuzz(name: string, options: FuzzCommandOptions, output: Output): Promise<ExitCode> {
  // Options of the shrinking are refused without it: silently unused, they would look obeyed.
  for (const [flag, value] of [
    ['--max-tests', options.maxTests],
    ['--out-dir', options.outDir],
  ] as const) {
    if (value !== undefined && options.minimize !== true)
      throw new HeapInputError(`${flag} applies with --minimize only (the reproducers it writes); add --minimize, or leave ${flag} out`, { field: flag });
  }
  // The spec file is read once, here: the digest, this thread and the workers all use this text.
  const source = await readWorkloadSource(name);
  const workload = await workloadOf(source);
  const length = runLength(options.length, workload);
  const config = resolveConfig(chooseHeap(workload.heap, options));
  createHeap(config);
  const seeds = chooseSeeds(options.seeds, options.seedName ?? [], DEFAULT_FUZZ_SEEDS);
  const shard = options.shard === undefined ? null : parseShard(options.shard);
  // Shrinking replays each failing seed many times over: count it as a few more runs.
  const workers = options.workers === undefined ? workersFor(seeds.length * length * (options.minimize === true ? 4 : 1)) : workerCount(options.workers);
  const minimizeTests = options.minimize === true ? wholeNumber(options.maxTests ?? DEFAULT_MAX_TESTS, '--max-tests') : 0;
  const campaign: FuzzCampaign = {
    workload: name,
    specDigest: specDigest(source.specText),
    length,
    heap: configInput(config),
    strategy: strategySpec(config),
    seeds,
    stopOnFirst: options.stopOnFirst === true,
    minimizeTests,
    reproducerDir: options.minimize === true ? (options.outDir ?? defaultReproducerDir(workload.name)) : null,
  };
  const tasks: FuzzTask[] = seedsOfShard(seeds, shard).map((seed) => ({ workload: source, seed, length, heap: campaign.heap, minimizeTests }));
  if (campaign.reproducerDir !== null)
    await checkReproducerFiles(
      campaign.reproducerDir,
      workload.name,
      tasks.map((t) => t.seed),
      options.force === true,
      workloadFiles(name),
    );

  const progress = startProgress(output, 'fuzzing');
  let done = 0;
  const runs = await runCampaign(tasks, workers, campaign.stopOnFirst, () => progress.update(++done / tasks.length)).finally(() => progress.stop());

  const reproducers = new Map(runs.map((r) => [r.seed, r.failure?.reproducer ?? null]));
  const results: FuzzResult[] = runs.map((r) => ({
    seed: r.seed,
    failure:
      r.failure === null
        ? null
        : {
            ...r.failure,
            reproducer:
              r.failure.reproducer === null
                ? null
                : {
                    file: reproducerFile(campaign.reproducerDir!, workload.name, r.seed),
                    events: r.failure.reproducer.events.length,
                    minimal: r.failure.reproducer.minimal,
                  },
          },
    command: runCommandLine(name, r.seed, options),
  }));
  const report = fuzzReport(campaign, shard, results);
  for (const r of report.runs) {
    const reproducer = reproducers.get(r.seed);
    if (r.failure?.reproducer == null || reproducer == null) continue;
    await makeOutputDir(campaign.reproducerDir!, '--out-dir');
    await writeOutputFile(
      r.failure.reproducer.file,
      formatEngineTrace({ config: campaign.heap }, reproducer.events),
      options.force === true,
      workloadFiles(name),
    );
  }
  output.out(options.json === true ? fuzzJson(report) : renderFuzz(report, output.invocation));
  return report.failing > 0 ? EXIT.found : EXIT.ok;
}

/** Runs the tasks on one pool; stopping at the first failure, in seed order, so none starts long after the one that failed (the report cuts the rest anyway). */
function runCampaign(tasks: readonly FuzzTask[], workers: number, stopOnFirst: boolean, onDone: () => void): Promise<FuzzRun[]> {
  return runTasks(tasks, {
    workers,
    worker: new URL('./fuzz-worker.js', import.meta.url),
    inThread: runFuzzTask,
    onDone,
    ...(stopOnFirst ? { stopAt: (run: FuzzRun) => run.failure !== null } : {}),
  });
}
