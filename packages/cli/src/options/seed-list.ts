/**
 * Seeds as the command line gives them. `--seeds` takes whole numbers only, in one grammar:
 * `A..B` (a range), `A,B,C` (a list), or the two mixed (`1..5,9`); anything else is refused, so
 * a typo (`1-50`, `1..`, `1..50x`) can never run as one seed with a strange name and report an
 * all-clear. Seeds that are names (seedrandom takes any text) go through `--seed-names`.
 */
import { HeapInputError } from '@heaplab/core';

/** Most seeds one list may name. */
const MAX_SEEDS = 1_000_000;

/** The forms `--seeds` takes, for messages. */
const FORMS = 'whole numbers as A..B, A,B,C or both mixed (e.g. 1..20,33)';

/** The seeds a `--seeds` list names, in the order written. Throws `HeapInputError` for `field` on bad input. */
export function parseSeedList(text: string, field = '--seeds'): string[] {
  const seeds: string[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)\.\.(\d+)$/.exec(part);
    if (range === null && !/^\d+$/.test(part)) {
      const what = part === '' ? `an empty seed in ${JSON.stringify(text)}` : `${JSON.stringify(part)}`;
      throw new HeapInputError(`${what} is not a seed: expected ${FORMS}; seeds that are names go in --seed-names`, { field });
    }
    if (range === null) {
      if (!Number.isSafeInteger(Number(part))) throw new HeapInputError(`${part} is too large for a seed (at most ${Number.MAX_SAFE_INTEGER})`, { field });
      seeds.push(part);
      continue;
    }
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (!Number.isSafeInteger(to)) throw new HeapInputError(`${part} runs past ${Number.MAX_SAFE_INTEGER}`, { field });
    if (to < from) throw new HeapInputError(`range ${part} runs backwards`, { field });
    if (seeds.length + (to - from + 1) > MAX_SEEDS) throw new HeapInputError(`more than ${MAX_SEEDS} seeds`, { field });
    for (let s = from; s <= to; s++) seeds.push(String(s));
  }
  return seeds;
}

/** The seeds a `--seed-names` list names: any text, comma-separated, none empty. */
export function parseSeedNames(text: string, field = '--seed-names'): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new HeapInputError(`an empty name in ${JSON.stringify(text)}: expected names separated by commas`, { field });
  if (names.length > MAX_SEEDS) throw new HeapInputError(`more than ${MAX_SEEDS} seeds`, { field });
  return names;
}

/** The seeds of a command that takes `--seeds` or `--seed-names` (not both); `fallback` when neither is given. */
export function chooseSeeds(options: { readonly seeds?: string; readonly seedNames?: string }, fallback: string): string[] {
  if (options.seeds !== undefined && options.seedNames !== undefined)
    throw new HeapInputError('give the seeds as numbers (--seeds) or as names (--seed-names), not both', { field: '--seed-names' });
  return options.seedNames === undefined ? parseSeedList(options.seeds ?? fallback) : parseSeedNames(options.seedNames);
}
