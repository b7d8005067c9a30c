/**
 * The replay's MemoryError for people, as the CLI's `heaplab replay` and the web page both print
 * it: where the device failed, and what the engine made of it. A failure the engine did not
 * replay, or replayed on a heap that no longer matched the device's, says so instead of passing
 * for one the engine reproduced; an engine trace's, which nothing recorded, is the engine's own.
 */
import { plural } from '@heaplab/core';
import type { ReplayGap } from '../trace/gap-log.js';
import type { ReplayMemoryError } from '../trace/replay-checker.js';

/** The header (where, how many bytes) and the engine's verdict, each one line, unindented. */
export function memoryErrorLines(error: ReplayMemoryError, gaps: readonly ReplayGap[]): { readonly header: string; readonly verdict: string } {
  const at = error.event === null ? `line ${error.line}` : `line ${error.line} (event ${error.event})`;
  const header = `MemoryError at ${at}: memory allocation failed, allocating ${plural(error.bytes, 'byte')}`;
  return { header, verdict: verdict(error, gaps) };
}

function verdict(error: ReplayMemoryError, gaps: readonly ReplayGap[]): string {
  if (!error.replayed) {
    const gap = gaps.filter((g) => g.line < error.line).at(-1);
    const where = gap === undefined ? 'after a gap' : `after the gap at line ${gap.line}`;
    return `seen, not reproduced: the device raised it ${where}, and no sync came between them, so the engine could not replay that far`;
  }
  if (error.reproduced === null)
    return "the engine's first failed request (an engine trace records what the program asked for, no MemoryError to compare with)";
  if (error.divergedLine !== null) {
    const engine = error.reproduced ? 'the engine fails this request too' : 'NOT reproduced: the engine satisfied the request';
    return `${engine}, but its heap stopped matching the device's at line ${error.divergedLine}: what stood in the way, and why, are not shown (they would be the engine's heap's, not the device's)`;
  }
  return error.reproduced ? 'reproduced: the engine fails the same request' : 'NOT reproduced: the engine satisfied the request';
}
