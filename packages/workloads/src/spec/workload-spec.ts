/**
 * The workload spec language: what a user-defined workload file (JSON or YAML) may say — the
 * heap, the kinds of object the program makes (sizes, lifetimes, children, growth, how they
 * die), a cap on what it holds, and when it collects. Unknown fields are errors, so typos show.
 */
import * as z from 'zod';
import { amount, area, distribution, expected, nonNegative, size, strictFields, wholeNumber } from './spec-values.js';

/** Events per run when the spec gives no `length`. */
const DEFAULT_SPEC_LENGTH = 20000;

const heap = strictFields('the heap', {
  areas: z.array(area(), { error: expected('a list of area sizes, e.g. [65536, "16k"]') }).min(1, { error: 'expected at least one area' }),
  wordBytes: z.union([z.literal(4), z.literal(8)], { error: expected('4 or 8') }).optional(),
  mpyVersion: z.string({ error: expected('a MicroPython version as text, e.g. "1.27" (quoted: YAML reads 1.20 as the number 1.2)') }).optional(),
});

const lifetime = z.union([z.literal('forever'), distribution(wholeNumber(0), 'steps')], {
  error: expected('"forever" or a distribution of steps such as {uniform: [1, 100]}'),
});

const kind = strictFields('an object kind', {
  name: z.string({ error: expected('a label') }).optional(),
  weight: nonNegative().default(1),
  atStart: wholeNumber(0).default(0),
  size: distribution(size(), 'sizes'),
  lifetime,
  longLived: z.boolean({ error: expected('true or false') }).default(false),
  death: z.enum(['drop', 'free'], { error: expected('"drop" or "free"') }).default('drop'),
  children: strictFields('children', {
    count: distribution(wholeNumber(0), 'counts'),
    size: distribution(size(), 'sizes'),
  }).optional(),
  grow: strictFields('growth', {
    every: wholeNumber(1),
    by: amount('the object', Infinity),
    max: size(),
  }).optional(),
});

/** A whole workload spec, as a file gives it. */
export const workloadSpecSchema = strictFields('a workload spec', {
  name: z.string({ error: expected('a workload name') }).regex(/^\S(?:.*\S)?$/, { error: expected('a workload name (not blank, one line)') }),
  summary: z.string({ error: expected('a sentence or two of text') }).optional(),
  heap,
  length: wholeNumber(1).default(DEFAULT_SPEC_LENGTH),
  kinds: z
    .array(kind, { error: expected('a list of object kinds') })
    .min(1, { error: 'expected at least one kind' })
    .refine((kinds) => kinds.some((k) => k.weight > 0), {
      error: 'every kind has weight 0; at least one needs a positive weight for the program to make objects as it runs',
    }),
  live: strictFields('the live-size cap', { max: amount('the heap', 100) }).optional(),
  collect: strictFields('the collection policy', {
    threshold: amount('the heap', 100).nullable().optional(),
    every: wholeNumber(1).optional(),
  }).optional(),
  marks: strictFields('the marks', { every: wholeNumber(1) }).optional(),
});

/** A checked workload spec, sizes in bytes and defaults filled in. */
export type WorkloadSpec = z.output<typeof workloadSpecSchema>;

/** One kind of object a spec's program makes. */
export type KindSpec = WorkloadSpec['kinds'][number];
