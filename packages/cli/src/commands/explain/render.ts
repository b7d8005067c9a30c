/**
 * `explain`'s text and JSON: the failed request, the sentence to act on, then each cause with
 * its evidence.
 */
import type { Cause, Diagnosis, Remedy } from '@heaplab/analysis';
import type { InputCut } from '@heaplab/replay';
import { wrap } from '../../render/wrap.js';
import { adviceFor } from './advice.js';

/** Columns the text is wrapped at. */
const WIDTH = 100;

/** What was explained: a trace (positions are lines and the replay's events) or a workload run. */
export type ExplainSource =
  | { readonly kind: 'trace'; readonly file: string; readonly format: 'device' | 'engine'; readonly marks: number }
  | { readonly kind: 'workload'; readonly name: string; readonly seed: string; readonly marks: number };

/** The `--json` object (without `format` and `version`); `cut`: where a trace was cut short, if it was. */
export function explainJson(source: ExplainSource, diagnosis: Diagnosis | null, remedies: readonly Remedy[], cut: InputCut | null = null): object {
  return {
    source,
    memoryError: diagnosis?.failure ?? null,
    advice: diagnosis === null ? null : headline(diagnosis, remedies),
    causes: diagnosis?.causes ?? [],
    remedies,
    truncated: cut,
  };
}

/** Nothing failed: in the whole run, or (`cut`) only in the lines read before the cut. */
function nothingFailed(cut: InputCut | null): string[] {
  if (cut === null) return ['  no MemoryError: every request was satisfied, so there is nothing to explain'];
  return wrap(
    `no MemoryError in the part read: no request failed in the lines read before the cut (line ${cut.afterLine}; ${cut.reason}); the rest of the trace was not read, so there may be a MemoryError after it`,
    WIDTH,
    '  ',
    '  ',
  );
}

/** A remedy that is a fix: its replay survives, and (for a larger heap) the heap is safe. */
function isFix(remedy: Remedy): boolean {
  if (remedy.verified === null || !remedy.verified.survives) return false;
  return remedy.kind !== 'larger-heap' || remedy.change.safe;
}

/** The remedies that answer each cause. */
const ANSWERS: Readonly<Record<Cause['kind'], readonly Remedy['kind'][]>> = {
  'growing-request': ['preallocate', 'cap-growth'],
  accumulation: ['bound-accumulation'],
  pinning: ['allocate-early'],
  'transient-peak': ['preallocate', 'collect-before'],
  'heap-too-small': ['larger-heap'],
};

/**
 * The first sentence: of the proven fixes that answer the first cause, one that assumes nothing of
 * the recording if there is one, the one with the most headroom; else the smallest proven fix that
 * assumes nothing of the recording; else the smallest proven fix; else what the first cause calls for.
 */
function headline(diagnosis: Diagnosis, remedies: readonly Remedy[]): string | null {
  const fixes = remedies.filter(isFix);
  const top = diagnosis.causes[0];
  const assumes = (r: Remedy): number => (r.verified?.assumedGarbage === undefined ? 0 : 1);
  const headroom = (r: Remedy): number => r.verified?.headroomBytes ?? 0;
  const answer = fixes
    .filter((r) => top !== undefined && ANSWERS[top.kind].includes(r.kind))
    .sort((a, b) => assumes(a) - assumes(b) || headroom(b) - headroom(a))[0];
  const fix = answer ?? fixes.find((r) => assumes(r) === 0) ?? fixes[0];
  if (fix !== undefined) return `Fix, proven by replaying the recording with the change: ${fix.summary}`;
  return diagnosis.causes.length === 0 ? null : adviceFor(diagnosis.causes[0]!);
}

/**
 * The text report (`cut`: where a trace was cut short, if it was; `inTheWay`: the command that
 * shows the objects in the failed request's way for this input, `heaplab replay` for a trace and
 * `heaplab run` for a workload).
 */
export function renderExplain(source: ExplainSource, diagnosis: Diagnosis | null, remedies: readonly Remedy[], cut: InputCut | null, inTheWay: string): string {
  const title = source.kind === 'trace' ? `heaplab explain ${source.file}` : `heaplab explain ${source.name} (seed ${source.seed})`;
  const lines = [title];
  if (diagnosis === null) return `${[...lines, ...nothingFailed(cut)].join('\n')}\n`;
  const { failure, causes } = diagnosis;
  const where = failure.line === null ? `event ${failure.event}` : `line ${failure.line} (event ${failure.event})`;
  lines.push(
    `  MemoryError at ${where}${failure.mark === null ? '' : `, in '${failure.mark}'`}: memory allocation failed, allocating ${failure.bytes} bytes`,
    `    ${failure.freeBytes} bytes free, the longest free run ${failure.largestFreeBytes} bytes; ${failure.liveBytes} bytes live of ${failure.heapBytes}`,
    '',
  );
  const first = headline(diagnosis, remedies);
  if (first !== null) lines.push(...wrap(first, WIDTH, '  ', '  '), '');
  if (causes.length === 0) {
    lines.push('  No known pattern explains it: none of the detectors found its evidence. What stands in the way:', `    ${inTheWay}`);
  } else {
    lines.push(`  Cause${causes.length === 1 ? '' : 's'}, the most explanatory first:`);
    causes.forEach((cause, i) => {
      lines.push(...wrap(`${cause.kind}: ${cause.summary}`, WIDTH, `    ${i + 1}. `, '       '));
    });
  }
  if (remedies.length > 0) {
    lines.push('', '  Remedies, each replayed to the end of the recording with the change made (the smallest change first):');
    for (const remedy of remedies) lines.push(...wrap(`${remedy.kind}: ${remedy.summary}`, WIDTH, `    ${remedyMark(remedy)} `, '              '));
  }
  if (source.marks === 0) {
    const hint =
      source.kind === 'workload'
        ? 'The workload has no marks.'
        : source.format === 'engine'
          ? 'The trace has no marks: a mark line before each phase ({"op":"mark","label":"phase"}) names each object by the phase that made it (docs/engine-trace.md#marks).'
          : "The trace has no marks: call heaplab_trace.mark('phase') before each phase of the script, and each object is named by the phase that made it (docs/device-trace.md#marks-where-in-the-program).";
    lines.push('', ...wrap(hint, WIDTH, '  ', '  '));
  }
  return `${lines.join('\n')}\n`;
}

/** `fix`, `not safe` (a larger heap that survives this recording only), `tried` (its replay still fails), or `unchecked`. */
function remedyMark(remedy: Remedy): string {
  if (remedy.verified === null) return 'unchecked';
  if (isFix(remedy)) return 'fix      ';
  return remedy.verified.survives ? 'not safe ' : 'tried    ';
}
