/** The warning a command prints when the trace it read was cut short. */
import type { InputCut } from '@heaplab/replay';

/** One line for standard error: which file, where it was cut and why. */
export function cutWarning(file: string, cut: InputCut): string {
  return `heaplab: warning: ${file} is cut short after line ${cut.afterLine} (${cut.reason}); only the lines before the cut were used\n`;
}
