/** The `heaplab run` command line that runs one seed of a workload again, as the user chose it. */
import type { HeapChoice } from '../options/heap-choice.js';
import { isNumberedSeed } from '../options/seed-list.js';

export function runCommandLine(workload: string, seed: string, options: HeapChoice & { readonly length?: string }): string {
  const parts = ['heaplab run', workload, ...(isNumberedSeed(seed) ? ['--seed', seed] : ['--seed-name', /^[\w.-]+$/.test(seed) ? seed : JSON.stringify(seed)])];
  if (options.length !== undefined) parts.push('--length', options.length);
  if (options.board !== undefined) parts.push('--board', options.board);
  if (options.areas !== undefined) parts.push('--areas', options.areas);
  if (options.strategy !== undefined) parts.push('--strategy', options.strategy);
  return parts.join(' ');
}
