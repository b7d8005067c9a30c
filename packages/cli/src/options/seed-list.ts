/**
 * Seeds as the command line gives them. `--seeds` lists whole numbers — a range `A..B`, a list
 * `A,B,C`, or both mixed (`1..5,9`) — and `--seed` is one whole number. A seed given by name
 * (seedrandom takes any text) comes by `--seed-name`, so that a mistyped list is an error, never
 * one seed named after the typo.
 */
import { HeapInputError } from '@heaplab/core';

/** Most seeds one list may name. */
const MAX_SEEDS = 1_000_000;

const LIST_FORMS = 'expected A..B, A,B,C or both mixed, e.g. 1..20,33 (a seed given by name: --seed-name NAME)';

/** The seeds a list names, in the order written, as whole numbers in text. Throws `HeapInputError` for `field` on bad input. */
export function parseSeedList(text: string, field = '--seeds'): string[] {
  const seeds: string[] = [];
  for (const part of text.split(',')) {
    const item = /^\s*(\d+)(?:\.\.(\d+))?\s*$/.exec(part);
    if (item === null) throw new HeapInputError(`${JSON.stringify(text)} is not a seed list; ${LIST_FORMS}`, { field });
    const from = seedNumber(item[1]!, field);
    const to = item[2] === undefined ? from : seedNumber(item[2], field);
    if (to < from) throw new HeapInputError(`range ${part.trim()} runs backwards`, { field });
    if (seeds.length + (to - from + 1) > MAX_SEEDS) throw new HeapInputError(`more than ${MAX_SEEDS} seeds`, { field });
    for (let s = from; s <= to; s++) seeds.push(String(s));
  }
  return seeds;
}

/** One seed: `--seed`, a whole number, or else `--seed-name`, any text but empty; `'1'` when neither is given. */
export function chooseSeed(options: { readonly seed?: string; readonly seedName?: string }): string {
  if (options.seedName !== undefined) {
    if (options.seed !== undefined) throw new HeapInputError('choose one of --seed and --seed-name', { field: '--seed-name' });
    return seedName(options.seedName);
  }
  const text = options.seed ?? '1';
  if (!/^\s*\d+\s*$/.test(text)) {
    throw new HeapInputError(`${JSON.stringify(text)} is not a seed; expected a whole number, e.g. 7 (a seed given by name: --seed-name NAME)`, {
      field: '--seed',
    });
  }
  return String(seedNumber(text.trim(), '--seed'));
}

/**
 * The seeds of a campaign: those `--seeds` lists, then those `--seed-name` names, in order;
 * `fallback` (a list) when neither is given.
 */
export function chooseSeeds(list: string | undefined, names: readonly string[], fallback: string): string[] {
  const numbered = list === undefined ? [] : parseSeedList(list);
  const named = names.map(seedName);
  return numbered.length + named.length === 0 ? parseSeedList(fallback) : [...numbered, ...named];
}

/** Whether `seed` is a seed `--seed` takes as it is (a whole number as heaplab writes it), not one for `--seed-name`. */
export function isNumberedSeed(seed: string): boolean {
  return /^(0|[1-9]\d*)$/.test(seed) && Number.isSafeInteger(Number(seed));
}

function seedNumber(digits: string, field: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new HeapInputError(`seed ${digits} is too large; expected at most ${Number.MAX_SAFE_INTEGER}`, { field });
  return n;
}

function seedName(name: string): string {
  if (name === '') throw new HeapInputError('expected a seed name, not empty text', { field: '--seed-name' });
  return name;
}
