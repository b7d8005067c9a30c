/**
 * `explain`'s text and JSON: the failed request, the sentence to act on, then each cause with
 * its evidence.
 */
import type { Diagnosis } from '@heaplab/analysis';
import { adviceFor } from './advice.js';

/** What was explained: a trace (positions are lines and the replay's events) or a workload run. */
export type ExplainSource =
  | { readonly kind: 'trace'; readonly file: string; readonly marks: number }
  | { readonly kind: 'workload'; readonly name: string; readonly seed: string; readonly marks: number };

/** The `--json` object (without `format` and `version`). */
export function explainJson(source: ExplainSource, diagnosis: Diagnosis | null): object {
  return {
    source,
    memoryError: diagnosis?.failure ?? null,
    advice: diagnosis === null ? null : diagnosis.causes.length === 0 ? null : adviceFor(diagnosis.causes[0]!),
    causes: diagnosis?.causes ?? [],
  };
}

/** The text report. */
export function renderExplain(source: ExplainSource, diagnosis: Diagnosis | null): string {
  const title = source.kind === 'trace' ? `heaplab explain ${source.file}` : `heaplab explain ${source.name} (seed ${source.seed})`;
  const lines = [title];
  if (diagnosis === null) return `${[...lines, '  no MemoryError: every request was satisfied, so there is nothing to explain'].join('\n')}\n`;
  const { failure, causes } = diagnosis;
  const where = failure.line === null ? `event ${failure.event}` : `line ${failure.line} (event ${failure.event})`;
  lines.push(
    `  MemoryError at ${where}${failure.mark === null ? '' : `, in '${failure.mark}'`}: memory allocation failed, allocating ${failure.bytes} bytes`,
    `    ${failure.freeBytes} bytes free, the longest free run ${failure.largestFreeBytes} bytes; ${failure.liveBytes} bytes live of ${failure.heapBytes}`,
    '',
  );
  if (causes.length === 0) {
    lines.push('  No known pattern explains it: none of the detectors found its evidence (see heaplab replay for what stands in the way).');
  } else {
    lines.push(`  ${adviceFor(causes[0]!)}`, '', `  Cause${causes.length === 1 ? '' : 's'}, the most explanatory first:`);
    causes.forEach((cause, i) => {
      lines.push(`    ${i + 1}. ${cause.kind}: ${cause.summary}`);
    });
  }
  if (source.marks === 0) {
    lines.push(
      '',
      source.kind === 'trace'
        ? "  The trace has no marks: call heaplab_trace.mark('phase') before each phase of the script, and each object is named by the phase that made it (docs/device-trace.md#marks-where-in-the-program)."
        : '  The workload has no marks.',
    );
  }
  return `${lines.join('\n')}\n`;
}
