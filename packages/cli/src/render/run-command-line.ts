/** The `heaplab run` command line that runs one seed of a workload again, as the user chose it (words quoted for sh). */
import type { HeapChoice } from '../options/heap-choice.js';
import { isNumberedSeed } from '../options/seed-list.js';
import { shellWord } from './shell-word.js';

export function runCommandLine(workload: string, seed: string, options: HeapChoice & { readonly length?: string }): string {
  const parts = ['heaplab run', shellWord(workload), ...(isNumberedSeed(seed) ? ['--seed', seed] : ['--seed-name', shellWord(seed)])];
  if (options.length !== undefined) parts.push('--length', options.length);
  if (options.board !== undefined) parts.push('--board', shellWord(options.board));
  if (options.areas !== undefined) parts.push('--areas', shellWord(options.areas));
  if (options.strategy !== undefined) parts.push('--strategy', shellWord(options.strategy));
  return parts.join(' ');
}
