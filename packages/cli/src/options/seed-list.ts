/**
 * Seed lists as the command line writes them: `1..20`, `3,7,11`, `release-42`, or a mix
 * (`1..5,9`). Seeds are strings, because seedrandom takes any string.
 */
import { HeapInputError } from '@heaplab/core';

/** Most seeds one list may name. */
const MAX_SEEDS = 1_000_000;

/** The seeds a list names, in the order written. Throws `HeapInputError` for `field` on bad input. */
export function parseSeedList(text: string, field = '--seeds'): string[] {
  const seeds: string[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') throw new HeapInputError(`empty seed in ${JSON.stringify(text)}`, { field });
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range === null) {
      seeds.push(part);
    } else {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from) throw new HeapInputError(`range ${part} runs backwards`, { field });
      if (seeds.length + (to - from + 1) > MAX_SEEDS) throw new HeapInputError(`more than ${MAX_SEEDS} seeds`, { field });
      for (let s = from; s <= to; s++) seeds.push(String(s));
    }
  }
  return seeds;
}
