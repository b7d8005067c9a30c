/**
 * `heaplab run WORKLOAD`: runs a seeded workload on a heap, shows the heap over time, the marks
 * it names, and its first MemoryError explained; `-o` saves the events and marks as an engine
 * trace that `heaplab replay` reproduces.
 */
import {
  configInput,
  createHeap,
  gcInfo,
  measureRun,
  percent,
  plural,
  resolveConfig,
  stateHash,
  strategySpec,
  type HeapConfig,
  type HeapState,
  type Outcome,
  type RunMetrics,
} from '@heaplab/core';
import { formatEngineTrace } from '@heaplab/replay';
import type { Mark, Workload } from '@heaplab/workloads';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { causesJson, diagnoseFailure, type ExplainedFailure, explainedFailure, heapSize, jsonLine, renderFailure } from '@heaplab/analysis';
import { chooseHeap, type HeapChoice } from '../../options/heap-choice.js';
import { renderCauses } from '../../render/render-causes.js';
import { runCommandLine } from '../../render/run-command-line.js';
import { sparkline } from '../../render/sparkline.js';
import { runLength } from '../../options/run-length.js';
import { chooseSeed } from '../../options/seed-list.js';
import { checkOutputFile, writeOutputFile } from '../../io/write-output.js';
import { resolveWorkload, workloadFiles } from '../../resolve-workload.js';
import { typedCommand } from '../../io/invocation.js';
import { shellWord } from '../../render/shell-word.js';

export interface RunCommandOptions extends HeapChoice {
  /** A whole number; a seed given by name comes as `seedName`. */
  readonly seed?: string;
  readonly seedName?: string;
  readonly length?: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

/** Columns of the heap-over-time chart. */
const COLUMNS = 64;

/** The heap at a mark. */
interface MarkView extends Mark {
  readonly freeBytes: number;
  readonly largestFreeRunBytes: number;
  readonly collections: number;
  readonly failures: number;
}

export async function run(name: string, options: RunCommandOptions, output: Output): Promise<ExitCode> {
  const seed = chooseSeed(options);
  const workload = await resolveWorkload(name);
  const length = runLength(options.length, workload);
  const config = resolveConfig(chooseHeap(workload.heap, options));
  createHeap(config);
  if (options.output !== undefined) await checkOutputFile(options.output, options.force === true, workloadFiles(name));
  const { events, marks } = workload.generate(seed, length);
  // One pass: the meter's figures, the heap at each mark and the first failure, explained.
  const views = new MarkViews(config, marks);
  let failure: ExplainedFailure | null = null;
  const { metrics, finalState } = measureRun(config, events, {
    sampleEvery: Math.max(1, Math.ceil(events.length / COLUMNS)),
    onEvent(index, outcome, state) {
      if (outcome.kind === 'memory-error' && failure === null) failure = explainedFailure(index + 1, outcome, state());
      views.after(index + 1, outcome, state);
    },
  });
  const command = runCommandLine(name, seed, options);
  if (options.output !== undefined)
    await writeOutputFile(options.output, formatEngineTrace({ config: configInput(config) }, events, marks), options.force === true, workloadFiles(name));

  const diagnosis = failure === null ? null : diagnoseFailure(config, events, { marks });
  const explain = command.replace(/^heaplab run /, 'heaplab explain ');
  if (options.json === true) {
    output.out(
      jsonLine('run', {
        workload: workload.name,
        seed,
        strategy: strategySpec(config),
        areas: config.areas.map((a) => a.blocks),
        events: events.length,
        finalStateHash: stateHash(finalState),
        command,
        marks: views.views,
        metrics,
        memoryError: failure,
        causes: causesJson(diagnosis),
      }),
    );
  } else {
    const why = renderCauses(diagnosis, typedCommand(explain, output.invocation));
    output.out(render(workload, seed, config, events.length, metrics, views.views, failure, why, command, options.output, output.invocation));
  }
  return failure === null ? EXIT.ok : EXIT.found;
}

/** The heap at each mark (a mark at event n: the heap after the first n events), taken as the run goes. */
class MarkViews {
  readonly views: MarkView[] = [];
  private next = 0;
  private failures = 0;

  constructor(
    private readonly config: HeapConfig,
    private readonly marks: readonly Mark[],
  ) {
    this.take(0, () => createHeap(config));
  }

  /** The run has applied `count` events, the last with `outcome`. */
  after(count: number, outcome: Outcome, state: () => HeapState): void {
    if (outcome.kind === 'memory-error') this.failures++;
    this.take(count, state);
  }

  private take(count: number, state: () => HeapState): void {
    while (this.next < this.marks.length && this.marks[this.next]!.event === count) {
      const now = state();
      const info = gcInfo(now);
      this.views.push({
        ...this.marks[this.next]!,
        freeBytes: info.free,
        largestFreeRunBytes: info.maxFree * this.config.blockBytes,
        collections: now.collections,
        failures: this.failures,
      });
      this.next++;
    }
  }
}

function render(
  workload: Workload,
  seed: string,
  config: HeapConfig,
  events: number,
  metrics: RunMetrics,
  marks: readonly MarkView[],
  failure: ExplainedFailure | null,
  why: readonly string[],
  command: string,
  trace: string | undefined,
  invocation: string | undefined,
): string {
  const bpb = config.blockBytes;
  const heapBytes = config.areas.reduce((sum, a) => sum + a.blocks * bpb, 0);
  const lines = [
    `heaplab run ${workload.name} (seed ${seed}): ${workload.summary}`,
    `  heap ${heapSize(config)}, strategy ${strategySpec(config)}; ${plural(events, 'event')}, ${plural(metrics.collections, 'collection')}`,
    '',
  ];
  // The periodic samples only (failures add samples of their own).
  const every = Math.ceil(events / COLUMNS);
  const samples = metrics.samples.filter((s) => s.event % every === 0);
  if (samples.length > 1) {
    lines.push(`  heap over time (a column per ${every === 1 ? 'event' : `${every} events`}; full height = the whole heap, ${plural(heapBytes, 'byte')}):`);
    lines.push(
      `    free         ${sparkline(
        samples.map((s) => s.freeBytes),
        heapBytes,
      )}`,
    );
    lines.push(
      `    longest run  ${sparkline(
        samples.map((s) => s.largestFreeRunBytes),
        heapBytes,
      )}`,
    );
    const peak = metrics.peakFragmentation;
    const worst =
      peak.value === 0
        ? 'the free memory was one run throughout'
        : `${percent(metrics.meanFragmentation)} on average, ${percent(peak.value)} at worst (event ${peak.event})`;
    lines.push(
      `    fragmentation: ${worst}; the longest run fell to ${plural(metrics.minLargestFreeRun.bytes, 'byte')} (event ${metrics.minLargestFreeRun.event})`,
    );
    lines.push('');
  }
  if (marks.length > 0) {
    lines.push('  marks:');
    lines.push(
      `    ${'event'.padStart(7)}  ${'mem_free'.padStart(9)}  ${'longest run'.padStart(11)}  ${'collections'.padStart(11)}  ${'failures'.padStart(8)}  label`,
    );
    for (const m of marks) {
      lines.push(
        `    ${String(m.event).padStart(7)}  ${String(m.freeBytes).padStart(9)}  ${String(m.largestFreeRunBytes).padStart(11)}  ${String(m.collections).padStart(11)}  ${String(m.failures).padStart(8)}  ${m.label}`,
      );
    }
    lines.push('');
  }
  if (failure === null) {
    lines.push('  no MemoryError');
  } else {
    lines.push(`  MemoryError at event ${failure.event} (${failure.op}): memory allocation failed, allocating ${failure.facts.bytes} bytes`);
    lines.push(...renderFailure(failure.facts, failure.explanation, bpb));
    if (metrics.failures > 1) lines.push(`  ${plural(metrics.failures - 1, 'more request')} failed later in the run.`);
    lines.push(...why);
  }
  lines.push('', `  run it again: ${typedCommand(command, invocation)}`);
  if (trace !== undefined) lines.push(`  events written to ${trace}; replay them with: ${typedCommand(`heaplab replay ${shellWord(trace)}`, invocation)}`);
  return `${lines.join('\n')}\n`;
}
