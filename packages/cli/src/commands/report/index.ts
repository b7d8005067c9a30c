/**
 * `heaplab report INPUT -o report.html`: one self-contained HTML page on a trace or a workload
 * run — free bytes, the longest free run and live bytes over time, the heap map over time per
 * area, the failure explained with the map at that moment, and (with `--compare`) the same events
 * under every strategy. `--svg` writes only the heap map at the failure, or at `--at N`.
 */
import {
  createHeap,
  HeapInputError,
  openDraft,
  resolveConfig,
  strategySpec,
  type EventSequence,
  type HeapConfig,
  type HeapState,
  type NumberSequence,
} from '@heaplab/core';
import { buildTimeline, firstFailureDiagnosis, memoryErrorLines, type InputCut } from '@heaplab/replay';
import { isWorkload } from '@heaplab/workloads';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import {
  causesJson,
  diagnoseFirstFailure,
  type Diagnosis,
  heapSeries,
  type HeapSeries,
  heapSeriesJson,
  coarsened,
  heapSize,
  type MarkedObject,
  renderFailure,
  stateMaps,
} from '@heaplab/analysis';
import { runCommandLine } from '../../render/run-command-line.js';
import { shellWord } from '../../render/shell-word.js';
import { versionText } from '../../render/version-text.js';
import { chooseHeap, type HeapChoice } from '../../options/heap-choice.js';
import { cutWarning } from '../../render/cut-warning.js';
import { runLength } from '../../options/run-length.js';
import { chooseSeed } from '../../options/seed-list.js';
import { refuseWorkloadOptions } from '../../options/workload-only.js';
import { eventNumber } from '../../options/event-number.js';
import { checkOutputFile, writeOutputFile } from '../../io/write-output.js';
import { resolveWorkload, workloadFiles } from '../../resolve-workload.js';
import { aggregateCell, defaultStrategies } from '@heaplab/analysis';
import { positionOf, recordedLayout, runCompareTask, streamOf, type CompareSource } from '../compare/compare-task.js';
import { gapAdvice } from '../../render/gap-advice.js';
import { diagnosisSection } from './diagnosis-section.js';
import { heapMapSvg } from './heap-map-svg.js';
import { reportHtml } from './report-html.js';
import { sampleRun, type FailureData, type ReportData } from './report-data.js';
import { REPORT_SERIES_BUCKETS, reportChart } from './report-chart.js';
import { plural } from '@heaplab/core';

export interface ReportCommandOptions extends HeapChoice {
  readonly output: string;
  readonly force?: boolean;
  readonly svg?: boolean;
  readonly at?: string;
  /** A workload's seed, a whole number; a seed given by name comes as `seedName`. */
  readonly seed?: string;
  readonly seedName?: string;
  readonly length?: string;
  readonly compare?: boolean;
  readonly mpyVersion: string;
}

/** A run to report on: its heap, its events, and the state after any number of them. */
interface Subject {
  readonly title: string;
  readonly description: string[];
  readonly config: HeapConfig;
  readonly events: EventSequence;
  readonly failure: FailureData | null;
  readonly source: CompareSource;
  readonly seed: string | null;
  /** A trace cut short: where (the run is the events before the cut). */
  readonly truncated: InputCut | null;
  /** The diagnosis of the run's first failed request (none when none failed), from the pass that found it. */
  diagnosis(): Diagnosis | null;
  /** A trace's line of each event (event n on `lines.at(n − 1)`); null for a workload. */
  readonly lines: NumberSequence | null;
  /** The `heaplab explain` command line for this input. */
  readonly explain: string;
  stateAt(n: number): HeapState;
  /** Free bytes, the longest free run and live bytes over the events (a trace's from its replay). */
  series(): HeapSeries;
}

export async function report(input: string, options: ReportCommandOptions, output: Output): Promise<ExitCode> {
  if (options.at !== undefined && options.svg !== true)
    throw new HeapInputError('--at applies with --svg only (the heap map after that event); the HTML report covers every event', { field: '--at' });
  await checkOutputFile(options.output, options.force === true, workloadFiles(input));
  const subject = isWorkload(input) ? await workloadSubject(input, options) : await traceSubject(input, options, output);
  const at = options.at === undefined ? null : eventNumber(options.at);
  if (at !== null && at > subject.events.length)
    throw new HeapInputError(`event ${at} is past the end (${plural(subject.events.length, 'event')})`, { field: '--at' });

  if (options.svg === true) {
    const n = at ?? (subject.failure === null ? subject.events.length : subject.failure.event);
    const caption =
      at === null && subject.failure !== null
        ? `${subject.title}: the heap when ${plural(subject.failure.facts.bytes, 'byte')} could not be allocated (event ${subject.failure.event})`
        : `${subject.title}: the heap after event ${n}`;
    const marked = at === null && subject.failure !== null ? blockers(subject.failure) : [];
    await writeOutputFile(options.output, heapMapSvg(stateMaps(subject.stateAt(n), marked), caption), options.force === true, workloadFiles(input));
    output.out(`heap map written to ${options.output}\n`);
    return finished(input, subject, output);
  }

  const { config, failure } = subject;
  const chart = reportChart();
  // The causes of the failure the page shows, or none: the run's first failed request can be another one.
  const diagnosed = failure === null ? null : subject.diagnosis();
  const diagnosis = diagnosed?.failure.event === failure?.event ? diagnosed : null;
  const data: ReportData = {
    title: subject.title,
    description: subject.description,
    blockBytes: config.blockBytes,
    areas: config.areas.map((a) => ({ blocks: a.blocks, bytes: a.blocks * config.blockBytes })),
    events: subject.events.length,
    samples: sampleRun(config, subject.events, failure?.event ?? null),
    failure,
    causes: causesJson(diagnosis),
    explain: subject.explain,
    comparison: options.compare === true ? await comparison(subject) : null,
  };
  const failureMap =
    failure === null
      ? null
      : heapMapSvg(stateMaps(subject.stateAt(failure.event), blockers(failure)), `The heap when the request failed (event ${failure.event})`);
  const html = reportHtml(data, {
    failureText: failure === null ? [] : renderFailure(failure.facts, failure.explanation, config.blockBytes),
    failureMap,
    diagnosis: diagnosis === null ? '' : diagnosisSection(diagnosis, subject.explain, subject.lines),
    series: heapSeriesJson(coarsened(subject.series(), REPORT_SERIES_BUCKETS)),
    chart,
  });
  await writeOutputFile(options.output, html, options.force === true, workloadFiles(input));
  output.out(`report written to ${options.output} (${Math.round(html.length / 1024)} KiB, self-contained: open it in any browser)\n`);
  return finished(input, subject, output);
}

/** 0, or for a trace cut short a warning and 5: the page shows part of the trace. */
function finished(input: string, subject: Subject, output: Output): ExitCode {
  if (subject.truncated === null) return EXIT.ok;
  output.err(cutWarning(input, subject.truncated));
  return EXIT.truncated;
}

function blockers(failure: FailureData): readonly MarkedObject[] {
  return failure.explanation.blockers[0]?.objects ?? [];
}

async function workloadSubject(name: string, options: ReportCommandOptions): Promise<Subject> {
  const seed = chooseSeed(options);
  const workload = await resolveWorkload(name);
  const length = runLength(options.length, workload);
  const config = resolveConfig(chooseHeap(workload.heap, options));
  createHeap(config);
  const { events, marks } = workload.generate(seed, length);
  const stateAt = (n: number): HeapState => {
    const draft = openDraft(createHeap(config));
    for (let i = 0; i < n; i++) draft.apply(events[i]!);
    return draft.snapshot();
  };
  // One pass finds the first failure and records what its causes need.
  const found = diagnoseFirstFailure(config, events, { marks });
  const failure: FailureData | null = found === null ? null : { ...found.failure, line: null };
  return {
    title: `heaplab report: workload ${workload.name}, seed ${seed}`,
    description: [workload.summary, `Heap ${heapSize(config)}, strategy ${strategySpec(config)}, ${plural(events.length, 'event')}.`],
    config,
    events,
    failure,
    source: { kind: 'workload', name, length },
    seed,
    truncated: null,
    diagnosis: () => found?.diagnosis ?? null,
    lines: null,
    explain: runCommandLine(name, seed, options).replace(/^heaplab run /, 'heaplab explain '),
    stateAt,
    series: () => heapSeries(createHeap(config), events),
  };
}

async function traceSubject(file: string, options: ReportCommandOptions, output: Output): Promise<Subject> {
  refuseWorkloadOptions(file, options, ['seed', 'seedName', 'length', 'board', 'areas', 'strategy']);
  const advice = gapAdvice('report', file, output);
  const timeline = await buildTimeline(file, { mpyVersion: options.mpyVersion, series: true, diagnose: true, gapAdvice: advice });
  const replay = timeline.report;
  const error = replay.memoryError;
  const failure: FailureData | null =
    error === null || !error.replayed || error.facts === null || error.explanation === null
      ? null
      : { event: error.event, line: error.line, op: 'alloc', facts: error.facts, explanation: error.explanation };
  const config = timeline.config;
  // The device's MemoryError, when the page cannot explain it (not reproduced, or on a heap that is not the device's).
  const unexplained = error === null || failure !== null ? null : memoryErrorLines(error, replay.gaps);
  return {
    title: `heaplab report: ${file}`,
    description: [
      `MicroPython ${versionText(config.profile)}, ${config.wordBytes * 8}-bit, heap ${heapSize(config)}, ${plural(replay.lines, 'trace line')}, ${plural(replay.events, 'engine event')}.`,
      replay.divergences === 0
        ? 'Every placement as the device recorded.'
        : `${plural(replay.divergences, 'placement differs', 'placements differ')} from what the device recorded (see heaplab replay --verify).`,
      ...(unexplained === null ? [] : [`${unexplained.header}: ${unexplained.verdict}.`]),
      ...(replay.truncated === null
        ? []
        : [`The trace is cut short after line ${replay.truncated.afterLine} (${replay.truncated.reason}): this page covers the lines before the cut.`]),
    ],
    config,
    events: timeline.events,
    failure,
    source: { kind: 'trace', file, mpyVersion: options.mpyVersion, gapAdvice: advice },
    seed: null,
    truncated: replay.truncated,
    diagnosis: () => firstFailureDiagnosis(timeline),
    lines: timeline.lines,
    explain: `heaplab explain ${shellWord(file)}`,
    stateAt: (n) => timeline.stateAt(n),
    series: () => timeline.series,
  };
}

async function comparison(subject: Subject) {
  const rows = [];
  const layout = recordedLayout(await streamOf(subject.source, subject.seed));
  for (const strategy of defaultStrategies()) {
    const result = await runCompareTask({ source: subject.source, seed: subject.seed, cell: { strategy, layout: null }, safeHeap: false });
    rows.push(aggregateCell(strategy, layout, [result]));
  }
  return { position: positionOf(subject.source), rows };
}
