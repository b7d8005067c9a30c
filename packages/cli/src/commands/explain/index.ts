/**
 * `heaplab explain TRACE | WORKLOAD`: why the first request failed, as patterns over the whole
 * run (a growing request, accumulating data, pinned free space, a peak of temporaries, a heap too
 * small), ranked, each with its evidence, and the change that the first one calls for.
 */
import { statSync } from 'node:fs';
import { diagnoseFailure, jsonLine, proposeRemedies, tryPolicies, type Diagnosis, type PolicyTrial, type Remedy } from '@heaplab/analysis';
import { createHeap, DEFAULT_MPY_VERSION, resolveConfig, strategyNames } from '@heaplab/core';
import { buildTimeline, firstFailureDiagnosis, isEngineTrace, traceEvents, type InputCut } from '@heaplab/replay';
import { isSpecFile, isWorkload } from '@heaplab/workloads';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { startProgress } from '../../io/progress.js';
import { chooseHeap, type HeapChoice } from '../../options/heap-choice.js';
import { runLength } from '../../options/run-length.js';
import { chooseSeed } from '../../options/seed-list.js';
import { cutWarning } from '../../render/cut-warning.js';
import { resolveWorkload } from '../../resolve-workload.js';
import { workersFor } from '../../task-pool.js';
import { startBeside, type TaskBeside } from '../../task-beside.js';
import { workerCount } from '../../options/worker-count.js';
import { refuseWorkloadOptions } from '../../options/workload-only.js';
import { gapAdvice } from '../../render/gap-advice.js';
import { runCommandLine } from '../../render/run-command-line.js';
import { shellWord } from '../../render/shell-word.js';
import { typedCommand } from '../../io/invocation.js';
import { runFirmwareTask, type FirmwareTask } from './firmware-task.js';
import { explainJson, renderExplain, type ExplainSource } from './render.js';
import { withSpecAreas } from './spec-heap-remedy.js';
import { remedySource } from '../../swept-only.js';

/** The `heaplab replay` command line for a trace, with the version explain modelled when it is not the default. */
function replayCommandLine(file: string, mpyVersion: string): string {
  return `heaplab replay ${shellWord(file)}${mpyVersion === DEFAULT_MPY_VERSION ? '' : ` --mpy-version ${shellWord(mpyVersion)}`}`;
}

/** The policy trials a worker thread replays: every other one, from the first. */
const WORKER_SHARE = { part: 0, parts: 2 };

/** Policy trials on a heap of one area: every strategy but the heap's own (a layout trial more on a split heap). */
function policyTrials(): number {
  return strategyNames().length - 1;
}

/**
 * About how many events a trace holds, from its size alone, to choose the worker threads before
 * reading it: a device trace's line is about 75 bytes and makes about one what-if event, and
 * gzip packs such lines about 16 to 1.
 */
function estimatedEvents(file: string): number {
  const bytes = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  return ((file.endsWith('.gz') ? 16 : 1) * bytes) / 75;
}

export interface ExplainCommandOptions extends HeapChoice {
  /** A whole number; a seed given by name comes as `seedName`. */
  readonly seed?: string;
  readonly seedName?: string;
  readonly length?: string;
  readonly mpyVersion: string;
  readonly json?: boolean;
  /** Worker threads (a whole number; default one per core): with two or more, a trace's firmware-level remedies replay on a thread of their own. */
  readonly workers?: string;
}

export async function explain(input: string, options: ExplainCommandOptions, output: Output): Promise<ExitCode> {
  const { source, diagnosis, remedies, cut } = isWorkload(input) ? await explainWorkload(input, options) : await explainTrace(input, options, output);
  // replay takes a trace only, run a workload only: each shows the objects in the failed request's way.
  const inTheWay = typedCommand(
    source.kind === 'trace' ? replayCommandLine(input, options.mpyVersion) : runCommandLine(input, source.seed, options),
    output.invocation,
  );
  output.out(
    options.json === true ? jsonLine('explain', explainJson(source, diagnosis, remedies, cut)) : renderExplain(source, diagnosis, remedies, cut, inTheWay),
  );
  return diagnosis !== null ? EXIT.found : cut !== null ? EXIT.truncated : EXIT.ok;
}

interface Explained {
  readonly source: ExplainSource;
  readonly diagnosis: Diagnosis | null;
  /** Each proven (or not) by replaying the changed events, the smallest change first. */
  readonly remedies: readonly Remedy[];
  /** Where the trace was cut short (only the lines before the cut were read); null when it was not. */
  readonly cut: InputCut | null;
}

async function explainTrace(file: string, options: ExplainCommandOptions, output: Output): Promise<Explained> {
  refuseWorkloadOptions(file, options, ['seed', 'seedName', 'length', 'board', 'areas', 'strategy']);
  const workers = options.workers === undefined ? workersFor(estimatedEvents(file) * policyTrials()) : workerCount(options.workers);
  // Policy trials need no diagnosis: with a second core, a share of them replays from the start, beside all the rest.
  const trials: TaskBeside<PolicyTrial[]> | null =
    workers < 2
      ? null
      : startBeside<FirmwareTask, PolicyTrial[]>(
          { file, mpyVersion: options.mpyVersion, share: WORKER_SHARE },
          { worker: new URL('./firmware-worker.js', import.meta.url), inThread: runFirmwareTask },
        );
  try {
    return await explainTraceBeside(file, options, output, trials);
  } finally {
    await trials?.drop();
  }
}

async function explainTraceBeside(file: string, options: ExplainCommandOptions, output: Output, trials: TaskBeside<PolicyTrial[]> | null): Promise<Explained> {
  const progress = startProgress(output, 'replaying');
  // The recorded stream: its events are numbered as heaplab replay numbers them.
  const timeline = await buildTimeline(file, {
    mpyVersion: options.mpyVersion,
    onProgress: progress.update,
    gapAdvice: gapAdvice('explain', file, output),
    diagnose: true,
  }).finally(progress.stop);
  const marks = timeline.marks.map((m) => ({ event: m.event, label: m.label }));
  const diagnosis = firstFailureDiagnosis(timeline);
  const cut = timeline.report.truncated;
  if (cut !== null) output.err(cutWarning(file, cut));
  const engineTrace = await isEngineTrace(file);
  const source: ExplainSource = { kind: 'trace', file, format: engineTrace ? 'engine' : 'device', marks: marks.length };
  if (diagnosis === null) return { source, diagnosis, remedies: [], cut };
  // Remedies change when collections run, so they replay the what-if stream (the device's sweeps
  // as drops), diagnosed anew for the objects each change is about; they name positions by line.
  const whatIf = await traceEvents(file, { mpyVersion: options.mpyVersion });
  const config = resolveConfig(whatIf.config);
  const whatIfMarks = whatIf.marks.map((m) => ({ event: m.event, label: m.label }));
  const found = diagnoseFailure(config, whatIf.events, { lines: whatIf.lines, marks: whatIfMarks });
  if (found === null) return { source, diagnosis, remedies: [], cut };
  // An engine trace's collections are the engine's: remedies that add collections are checked, as on a workload.
  const checkedAs = remedySource(engineTrace, whatIf.events);
  // This thread replays the other share of the policy trials before it waits for the worker's.
  const mine =
    trials === null ? [] : tryPolicies(config, whatIf.events, { source: checkedAs, lines: whatIf.lines, share: { part: 1, parts: WORKER_SHARE.parts } });
  const done = trials === null ? [] : [...(await trials.result()), ...mine];
  const remedies = proposeRemedies(config, whatIf.events, found, {
    source: checkedAs,
    recording: engineTrace ? 'engine' : 'device',
    lines: whatIf.lines,
    marks: whatIfMarks,
    trials: done,
  });
  return { source, diagnosis, remedies, cut };
}

async function explainWorkload(name: string, options: ExplainCommandOptions): Promise<Explained> {
  const workload = await resolveWorkload(name);
  const length = runLength(options.length, workload);
  const config = resolveConfig(chooseHeap(workload.heap, options));
  createHeap(config);
  const seed = chooseSeed(options);
  const { events, marks } = workload.generate(seed, length);
  const diagnosis = diagnoseFailure(config, events, { marks });
  const proposed = diagnosis === null ? [] : proposeRemedies(config, events, diagnosis, { source: 'workload', marks });
  const remedies = isSpecFile(name) ? proposed.map((remedy) => withSpecAreas(remedy, config)) : proposed;
  return { source: { kind: 'workload', name: workload.name, seed, marks: marks.length }, diagnosis, remedies, cut: null };
}
