/**
 * What the error at a trace's `gap` line (lost events) tells the user to do: only what works for
 * the command that met it. `replay` goes on past a gap with --skip-bad-lines; every other command
 * needs the whole trace, and only `heaplab replay --skip-bad-lines` shows what can still be checked.
 */
import { typedCommand } from '../io/invocation.js';
import type { Output } from '../io/output.js';
import { shellWord } from './shell-word.js';

/** The advice, to follow the error's "N events were lost here (…)". */
export function gapAdvice(command: string, trace: string, output: Pick<Output, 'invocation'>): string {
  if (command === 'replay') return 'replay with --skip-bad-lines to resynchronise at the next sync';
  const replay = typedCommand(`heaplab replay ${shellWord(trace)} --skip-bad-lines`, output.invocation);
  return `${command} needs a trace without gaps; ${replay} shows what can be checked`;
}
