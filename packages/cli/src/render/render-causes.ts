/**
 * The diagnosis, shortened, where a command shows a failure: the cause ranked first, in one
 * wrapped paragraph, and the command that gives every cause and the fixes proven by replay.
 */
import type { Diagnosis } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { wrap } from './wrap.js';

/** Indented lines: why, and where to read more (`explain`: the command line that explains this run). */
export function renderCauses(diagnosis: Diagnosis | null, explain: string): string[] {
  const causes = diagnosis?.causes ?? [];
  const top = causes[0];
  if (top === undefined) return [];
  const others = causes.length - 1;
  const more = `${others === 0 ? '' : `${plural(others, 'more cause')} and `}the fixes, each proven by replay: ${explain}`;
  // The command stays on one line, to be copied whole.
  return ['', ...wrap(`Why: ${top.kind}: ${top.summary}`, 100, '  ', '    '), `  (${more})`];
}
