/**
 * The workload spec language: what a user-defined workload file (JSON or YAML) may say — the
 * heap, the kinds of object the program makes (sizes, lifetimes, children, growth, how they
 * die), a cap on what it holds, and when it collects. Unknown fields are errors, so typos show.
 */
import * as z from 'zod';
import { MAX_AREAS, MAX_AT_START, MAX_CHILDREN, MAX_GROW_PERCENT, MAX_KINDS, MAX_LENGTH, MAX_STEPS, MAX_WEIGHT } from './spec-limits.js';
import { amount, area, type Distribution, distribution, expected, nonNegative, overLimit, size, strictFields, wholeNumber } from './spec-values.js';

/** Events per run when the spec gives no `length`. */
const DEFAULT_SPEC_LENGTH = 20000;

const heap = strictFields('the heap', {
  areas: z
    .array(area(), { error: expected('a list of area sizes, e.g. [65536, "16k"]') })
    .min(1, { error: 'expected at least one area' })
    .max(MAX_AREAS, { error: overLimit(`${MAX_AREAS} areas`) }),
  wordBytes: z.union([z.literal(4), z.literal(8)], { error: expected('4 or 8') }).optional(),
  mpyVersion: z.string({ error: expected('a MicroPython version as text, e.g. "1.27" (quoted: YAML reads 1.20 as the number 1.2)') }).optional(),
});

const lifetime = z.union([z.literal('forever'), distribution(wholeNumber(0, MAX_STEPS, 'steps'), 'steps')], {
  error: expected('"forever" or a distribution of steps such as {uniform: [1, 100]}'),
});

const kind = strictFields('an object kind', {
  name: z.string({ error: expected('a label') }).optional(),
  weight: nonNegative(MAX_WEIGHT).default(1),
  atStart: wholeNumber(0, MAX_AT_START, 'objects at the start').default(0),
  size: distribution(size(), 'sizes'),
  lifetime,
  longLived: z.boolean({ error: expected('true or false') }).default(false),
  death: z.enum(['drop', 'free'], { error: expected('"drop" or "free"') }).default('drop'),
  children: strictFields('children', {
    count: distribution(wholeNumber(0, MAX_CHILDREN, 'children of one object'), 'counts'),
    size: distribution(size(), 'sizes'),
  }).optional(),
  grow: strictFields('growth', {
    every: wholeNumber(1, MAX_STEPS, 'steps'),
    by: amount('the object', MAX_GROW_PERCENT),
    max: size(),
  }).optional(),
}).refine((k) => k.grow === undefined || k.grow.max >= smallest(k.size), {
  path: ['grow', 'max'],
  // Only when the kind is otherwise valid (its size and growth read).
  when: (payload) => payload.issues.length === 0,
  error: (issue) => {
    const k = issue.input as { size: Distribution; grow: { max: number } };
    return `expected at least the kind's smallest size, ${smallest(k.size)} bytes (an object never grows past grow.max, so this one would never grow), got ${k.grow.max}`;
  },
});

/** The smallest value a distribution draws. */
function smallest(d: Distribution): number {
  return d.kind === 'fixed' ? d.value : d.kind === 'choice' ? d.values.reduce((a, b) => Math.min(a, b)) : d.min;
}

/** A whole workload spec, as a file gives it. */
export const workloadSpecSchema = strictFields('a workload spec', {
  name: z.string({ error: expected('a workload name') }).regex(/^\S(?:.*\S)?$/, { error: expected('a workload name (not blank, one line)') }),
  summary: z.string({ error: expected('a sentence or two of text') }).optional(),
  heap,
  length: wholeNumber(1, MAX_LENGTH, 'events per run').default(DEFAULT_SPEC_LENGTH),
  kinds: z
    .array(kind, { error: expected('a list of object kinds') })
    .min(1, { error: 'expected at least one kind' })
    .max(MAX_KINDS, { error: overLimit(`${MAX_KINDS} kinds`) })
    .refine((kinds) => kinds.some((k) => k.weight > 0), {
      error: 'every kind has weight 0; at least one needs a positive weight for the program to make objects as it runs',
      // Only when each kind is valid: a negative weight is reported at its own line instead.
      when: (payload) => payload.issues.length === 0,
    }),
  live: strictFields('the live-size cap', { max: amount('the heap', 100) }).optional(),
  collect: strictFields('the collection policy', {
    threshold: amount('the heap', 100).nullable().optional(),
    every: wholeNumber(1, MAX_STEPS, 'steps').optional(),
  }).optional(),
  marks: strictFields('the marks', { every: wholeNumber(1, MAX_STEPS, 'steps') }).optional(),
});

/** A checked workload spec, sizes in bytes and defaults filled in. */
export type WorkloadSpec = z.output<typeof workloadSpecSchema>;

/** One kind of object a spec's program makes. */
export type KindSpec = WorkloadSpec['kinds'][number];
