/**
 * `heaplab minimize TRACE -o OUT`: shrinks a trace that ends in a MemoryError to a small
 * engine trace that still ends in it, and writes that.
 */
import { HeapInputError } from '@heaplab/core';
import { minimizeTrace, type MinimizedTrace } from '@heaplab/replay';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { startProgress } from '../../io/progress.js';
import type { Output } from '../../io/output.js';
import { checkOutputFile, writeOutputFile } from '../../io/write-output.js';
import { cutWarning } from '../../render/cut-warning.js';
import { gapAdvice } from '../../render/gap-advice.js';
import { jsonLine } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { typedCommand } from '../../io/invocation.js';
import { shellWord } from '../../render/shell-word.js';

export interface MinimizeCommandOptions {
  readonly output: string;
  readonly force?: boolean;
  readonly maxTests: string;
  readonly mpyVersion: string;
  readonly json?: boolean;
}

export async function minimize(trace: string, options: MinimizeCommandOptions, output: Output): Promise<ExitCode> {
  const maxTests = Number(options.maxTests);
  if (!/^\d+$/.test(options.maxTests) || !Number.isSafeInteger(maxTests) || maxTests < 1) {
    throw new HeapInputError(`expected a whole number of candidate replays ≥ 1, got ${JSON.stringify(options.maxTests)}`, { field: '--max-tests' });
  }
  await checkOutputFile(options.output, options.force === true, [trace]);
  const progress = startProgress(output, 'minimising');
  const onProgress = (used: number): void => progress.update(used, `${Math.round(used * maxTests)} of at most ${maxTests} candidate replays`);
  const result = await minimizeTrace(trace, { mpyVersion: options.mpyVersion, maxTests, onProgress, gapAdvice: gapAdvice('minimize', trace, output) }).finally(
    progress.stop,
  );
  await writeOutputFile(options.output, result.text, options.force === true, [trace]);
  const summary = {
    output: options.output,
    events: result.events.length,
    failureLine: result.failureLine,
    tests: result.tests,
    minimal: result.complete,
    bytes: result.bytes,
    replay: `heaplab replay ${shellWord(options.output)}`,
    method: result.method,
    liveObjects: result.objects?.live ?? null,
    keptObjects: result.objects?.kept ?? null,
  };
  if (options.json === true) output.out(jsonLine('minimize', summary));
  else {
    output.out(`heaplab minimize ${trace}\n`);
    output.out(
      `  lines 1–${result.failureLine} of the trace → ${plural(result.events.length, 'event')}, still ending in the failed request for ${plural(result.bytes, 'byte')} (${plural(result.tests, 'candidate replay')})\n`,
    );
    output.out(minimalLine(result));
    output.out(`  written to ${options.output}; replay it with:\n    ${typedCommand(summary.replay, output.invocation)}\n`);
  }
  // The MemoryError came before the cut, so the reproducer is whole: a warning, not another status.
  if (result.truncated !== null) output.err(cutWarning(trace, result.truncated));
  return EXIT.ok;
}

/** How the reproducer was made, and whether it is 1-minimal. */
function minimalLine({ objects, complete }: MinimizedTrace): string {
  if (objects === null) {
    return complete
      ? '  no single object or global event can be dropped (1-minimal)\n'
      : '  the test budget ran out before the result was 1-minimal (raise --max-tests)\n';
  }
  const rebuilt = `  the heap at the failure rebuilt with ${objects.kept} of its ${plural(objects.live, 'live object')}, each where it was`;
  return complete
    ? `${rebuilt}; with any one of them left as garbage where it was (not taken out of the file: the objects after it would land elsewhere), the request fits (1-minimal)\n`
    : `${rebuilt}; the test budget ran out before that was 1-minimal (raise --max-tests)\n`;
}
