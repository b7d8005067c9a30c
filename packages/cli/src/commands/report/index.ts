/**
 * `heaplab report INPUT -o report.html`: one self-contained HTML page on a trace or a workload
 * run — free memory and the longest run over time, the heap map over time per area, the
 * failure explained with the map at that moment, and (with `--compare`) the same events under
 * every strategy. `--svg` writes only the heap map at the failure, or at `--at N`.
 */
import { createHeap, HeapInputError, openDraft, resolveConfig, strategySpec, type HeapConfig, type HeapEvent, type HeapState } from '@heaplab/core';
import { buildTimeline } from '@heaplab/replay';
import { isWorkload } from '@heaplab/workloads';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { formatAreaList } from '../../options/area-list.js';
import { firstFailure } from '@heaplab/analysis';
import { chooseHeap, type HeapChoice } from '../../options/heap-choice.js';
import { renderFailure } from '../../render/render-failure.js';
import { runLength } from '../../options/run-length.js';
import { chooseSeed } from '../../options/seed-list.js';
import { wholeNumber } from '../../options/whole-number.js';
import { writeOutputFile } from '../../io/write-output.js';
import { resolveWorkload } from '../../resolve-workload.js';
import { aggregateCell } from '../compare/aggregate.js';
import { runCompareTask, type CompareSource } from '../compare/compare-task.js';
import { defaultStrategies } from '../compare/index.js';
import { heapMapSvg } from './heap-map-svg.js';
import { reportHtml } from './report-html.js';
import { sampleRun, type FailureData, type ReportData } from './report-data.js';

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
  readonly events: readonly HeapEvent[];
  readonly failure: FailureData | null;
  readonly source: CompareSource;
  readonly seed: string | null;
  stateAt(n: number): HeapState;
}

export async function report(input: string, options: ReportCommandOptions, output: Output): Promise<ExitCode> {
  const subject = isWorkload(input) ? await workloadSubject(input, options) : await traceSubject(input, options);
  const at = options.at === undefined ? null : wholeNumberOrZero(options.at);
  if (at !== null && at > subject.events.length) throw new HeapInputError(`event ${at} is past the end (${subject.events.length} events)`, { field: '--at' });

  if (options.svg === true) {
    const n = at ?? (subject.failure === null ? subject.events.length : subject.failure.event + 1);
    const caption =
      at === null && subject.failure !== null
        ? `${subject.title}: the heap when ${subject.failure.facts.bytes} bytes could not be allocated (event ${subject.failure.event})`
        : `${subject.title}: the heap after event ${n}`;
    const marked = at === null && subject.failure !== null ? blockers(subject.failure) : undefined;
    await writeOutputFile(options.output, heapMapSvg(subject.stateAt(n), { caption, marked }), options.force === true);
    output.out(`heap map written to ${options.output}\n`);
    return EXIT.ok;
  }

  const { config, failure } = subject;
  const data: ReportData = {
    title: subject.title,
    description: subject.description,
    blockBytes: config.blockBytes,
    areas: config.areas.map((a) => ({ blocks: a.blocks, bytes: a.blocks * config.blockBytes })),
    events: subject.events.length,
    samples: sampleRun(config, subject.events, failure?.event ?? null),
    failure,
    comparison: options.compare === true ? await comparison(subject) : null,
  };
  const failureMap =
    failure === null
      ? null
      : heapMapSvg(subject.stateAt(failure.event + 1), { caption: `The heap when the request failed (event ${failure.event})`, marked: blockers(failure) });
  const html = reportHtml(data, { failureText: failure === null ? [] : renderFailure(failure.facts, failure.explanation, config.blockBytes), failureMap });
  await writeOutputFile(options.output, html, options.force === true);
  output.out(`report written to ${options.output} (${Math.round(html.length / 1024)} KiB, self-contained: open it in any browser)\n`);
  return EXIT.ok;
}

function blockers(failure: FailureData): Set<number> {
  return new Set(failure.explanation.blockers[0]?.objects.map((o) => o.id) ?? []);
}

async function workloadSubject(name: string, options: ReportCommandOptions): Promise<Subject> {
  const seed = chooseSeed(options);
  const workload = await resolveWorkload(name);
  const length = runLength(options.length, workload);
  const config = resolveConfig(chooseHeap(workload.heap, options));
  createHeap(config);
  const { events } = workload.generate(seed, length);
  const stateAt = (n: number): HeapState => {
    const draft = openDraft(createHeap(config));
    for (let i = 0; i < n; i++) draft.apply(events[i]!);
    return draft.snapshot();
  };
  const found = firstFailure(config, events);
  const failure: FailureData | null = found === null ? null : { ...found.failure, line: null };
  const layout = formatAreaList(config.areas.map((a) => ({ bytes: a.regionBytes })));
  return {
    title: `heaplab report: workload ${workload.name}, seed ${seed}`,
    description: [
      workload.summary,
      `Heap ${layout} (${config.areas.map((a) => a.blocks).join(' + ')} blocks of ${config.blockBytes} bytes), strategy ${strategySpec(config)}, ${events.length} events.`,
    ],
    config,
    events,
    failure,
    source: { kind: 'workload', name, length },
    seed,
    stateAt,
  };
}

async function traceSubject(file: string, options: ReportCommandOptions): Promise<Subject> {
  for (const flag of ['board', 'areas', 'strategy', 'length'] as const) {
    if (options[flag] !== undefined)
      throw new HeapInputError(`--${flag} applies to a workload; a trace runs on the heap it was recorded on`, { field: `--${flag}` });
  }
  const timeline = await buildTimeline(file, { mpyVersion: options.mpyVersion });
  const replay = timeline.report;
  const error = replay.memoryError;
  const failure: FailureData | null =
    error === null || error.facts === null || error.explanation === null
      ? null
      : { event: error.event, line: error.line, op: 'alloc', facts: error.facts, explanation: error.explanation };
  const config = timeline.config;
  return {
    title: `heaplab report: ${file}`,
    description: [
      `MicroPython ${config.profile.version}, ${config.wordBytes * 8}-bit, ${config.areas.length} area${config.areas.length === 1 ? '' : 's'} (${config.areas.map((a) => a.blocks).join(' + ')} blocks), ${replay.lines} trace lines, ${replay.events} engine events.`,
      replay.divergences === 0
        ? 'Every placement as the device recorded.'
        : `${replay.divergences} placements differ from what the device recorded (see heaplab replay --verify).`,
    ],
    config,
    events: timeline.events,
    failure,
    source: { kind: 'trace', file, mpyVersion: options.mpyVersion },
    seed: null,
    stateAt: (n) => timeline.stateAt(n),
  };
}

async function comparison(subject: Subject) {
  const rows = [];
  for (const strategy of defaultStrategies()) {
    const result = await runCompareTask({ source: subject.source, seed: subject.seed, cell: { strategy, layout: null }, safeHeap: false });
    rows.push(aggregateCell(strategy, 'default', [result]));
  }
  return rows;
}

function wholeNumberOrZero(text: string): number {
  return text === '0' ? 0 : wholeNumber(text, '--at');
}
