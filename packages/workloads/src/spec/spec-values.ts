/**
 * The values a workload spec is written in — sizes (`512`, `"4k"`), areas (`"4000blk"`),
 * amounts (`"60%"`), whole numbers, distributions, strict field sets — as schemas whose every
 * error message says what was expected and what was found.
 */
import * as z from 'zod';
import { MAX_REGION_BYTES, nearestName, sizeTextBytes, type AreaInput } from '@heaplab/core';
import { MAX_HEAP_BYTES } from './spec-limits.js';

/** A number drawn per object: a constant, a range (linear or logarithmic) or a pick from a list. */
export type Distribution =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform' | 'logUniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly values: readonly number[] };

/** A number of bytes, or a percentage of something the field names (the heap, the object). */
export type Amount = { readonly bytes: number } | { readonly percent: number };

/** How a value the user wrote is named in a message. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** An error message maker: `expected WHAT, got VALUE`, or a missing-field message when absent. */
export function expected(what: string): (issue: { readonly input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `required field missing; expected ${what}` : `expected ${what}, got ${shown(issue.input)}`);
}

/** A mapping with exactly these fields: an unknown one is named, with the nearest known one. */
export function strictFields<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
  const names = Object.keys(shape);
  const wrongType = expected(`${what} (fields: ${names.join(', ')})`);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownField(String(issue.keys[0]), names) : wrongType(issue)),
  });
}

/** The message for an unknown field, its key on one line (a long list or mapping used as a key reaches the schema as text of several). */
function unknownField(key: string, names: readonly string[]): string {
  const near = nearestName(key, names);
  const line = key.replace(/\s+/g, ' ');
  const shownKey = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  return `unknown field '${shownKey}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; expected one of ${names.join(', ')}`;
}

/** An error message maker for a value over heaplab's limit: `expected at most LIMIT (heaplab's limit), got VALUE`. */
export function overLimit(limit: string): (issue: { readonly input?: unknown }) => string {
  return (issue) => `expected at most ${limit} (heaplab's limit), got ${shown(issue.input)}`;
}

/** A whole number from `min` to `max`, heaplab's limit, counted in `unit` (`max` `unit` names the limit). */
export function wholeNumber(min: number, max: number, unit: string) {
  const error = expected(`a whole number from ${min} to ${max}`);
  return z
    .int({ error })
    .min(min, { error })
    .max(max, { error: overLimit(`${max} ${unit}`) });
}

/** A number from 0 to `max`, heaplab's limit (a weight). */
export function nonNegative(max: number) {
  return z
    .number({ error: expected(`a number from 0 to ${max}`) })
    .min(0, { error: expected('a number ≥ 0') })
    .max(max, { error: overLimit(String(max)) });
}

const SIZE = 'a size from 1 byte to 4 GiB (bytes, or text like "512", "4k", "2m")';

/** A size in bytes: a whole number, or text with a k (KiB) or m (MiB) suffix. */
export function size() {
  return z.union([z.number(), z.string()], { error: expected(SIZE) }).transform((value, ctx) => {
    const bytes = bytesOf(value);
    if (bytes !== undefined) return bytes;
    ctx.addIssue({ code: 'custom', message: `expected ${SIZE}, got ${shown(value)}`, input: value });
    return z.NEVER;
  });
}

const AREA = 'an area size (bytes, text like "64k" or "1m", or a block count like "4000blk")';

/** One heap area: a size, or the block count it must yield (`"4000blk"`). */
export function area() {
  return z.union([z.number(), z.string()], { error: expected(AREA) }).transform((value, ctx): AreaInput => {
    const blocks = typeof value === 'string' ? /^\s*(\d+)\s*blk\s*$/.exec(value) : null;
    if (blocks !== null) return { blocks: Number(blocks[1]) };
    const bytes = bytesOf(value);
    if (bytes !== undefined) return { bytes };
    const over = (typeof value === 'number' ? value : (sizeTextBytes(value) ?? 0)) > MAX_REGION_BYTES;
    const message = over
      ? `expected at most ${MAX_HEAP_BYTES} bytes (1 GiB) in all areas together (heaplab's limit), got ${shown(value)}`
      : `expected ${AREA}, got ${shown(value)}`;
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });
}

/** A size, or a percentage (`"60%"`) greater than 0 and at most `maxPercent`. */
export function amount(percentOf: string, maxPercent: number) {
  const what = `a size (bytes, or text like "4k") or a percentage of ${percentOf} (more than 0%, at most ${maxPercent}%, e.g. "50%")`;
  return z.union([z.number(), z.string()], { error: expected(what) }).transform((value, ctx): Amount => {
    const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
    if (percent !== null && Number(percent[1]) > 0 && Number(percent[1]) <= maxPercent) return { percent: Number(percent[1]) };
    const bytes = percent === null ? bytesOf(value) : undefined;
    if (bytes !== undefined) return { bytes };
    ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${shown(value)}`, input: value });
    return z.NEVER;
  });
}

/** The bytes an amount stands for, percentages taken of `whole` (rounded down). */
export function amountBytes(value: Amount, whole: number): number {
  return 'bytes' in value ? value.bytes : Math.floor((whole * value.percent) / 100);
}

/**
 * A distribution of `of` (values checked by `value`): `{fixed: n}`, `{uniform: [min, max]}`,
 * `{logUniform: [min, max]}` or `{choice: [a, b, ...]}`, exactly one of them.
 */
export function distribution(value: z.ZodType<number>, of: string) {
  const rangeError = expected(`[min, max] (two ${of})`);
  const range = z.array(value, { error: rangeError }).length(2, { error: rangeError });
  const listError = expected(`a list of one or more ${of}`);
  const forms = ['fixed', 'uniform', 'logUniform', 'choice'] as const;
  const describe = `a distribution of ${of}: {fixed: n}, {uniform: [min, max]}, {logUniform: [min, max]} or {choice: [a, b, ...]}`;
  return strictFields(describe, {
    fixed: value.optional(),
    uniform: range.optional(),
    logUniform: range.optional(),
    choice: z.array(value, { error: listError }).min(1, { error: listError }).optional(),
  }).transform((given, ctx): Distribution => {
    const present = forms.filter((form) => given[form] !== undefined);
    if (present.length !== 1) {
      const got = present.length === 0 ? 'none' : present.join(' and ');
      ctx.addIssue({ code: 'custom', message: `expected exactly one of ${forms.join(', ')}, got ${got}`, input: given, path: present.slice(1, 2) });
      return z.NEVER;
    }
    const form = present[0]!;
    if (form === 'fixed') return { kind: 'fixed', value: given.fixed! };
    if (form === 'choice') return { kind: 'choice', values: given.choice! };
    const [min, max] = given[form]!;
    if (min > max) {
      ctx.addIssue({ code: 'custom', message: `expected [min, max] with min ≤ max, got [${min}, ${max}]`, input: given, path: [form] });
      return z.NEVER;
    }
    if (form === 'logUniform' && min < 1) {
      ctx.addIssue({ code: 'custom', message: `a log-uniform range starts at 1 or more, got [${min}, ${max}]`, input: given, path: [form] });
      return z.NEVER;
    }
    return { kind: form, min, max };
  });
}

function bytesOf(value: number | string): number | undefined {
  const bytes = typeof value === 'number' ? value : sizeTextBytes(value);
  return bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 1 && bytes <= MAX_REGION_BYTES ? bytes : undefined;
}
