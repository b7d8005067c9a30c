/**
 * The largest number each field of a workload spec accepts (docs/workload-spec.md lists them).
 * Each bounds what the number multiplies — events, objects, steps, kinds to draw from — so that
 * no spec can make a run hold more than a run of `MAX_RUN_LENGTH` events does.
 */
import { MAX_RUN_LENGTH } from '../run-length.js';

/** Events per run (`length`). */
export const MAX_LENGTH = MAX_RUN_LENGTH;
/** Areas of the heap: each is searched on every allocation. */
export const MAX_AREAS = 64;
/** Kinds of object: one is drawn at every step. */
export const MAX_KINDS = 1000;
/** A kind's weight: a relative chance, so any bound leaves every ratio a spec needs. */
export const MAX_WEIGHT = 1_000_000_000;
/** Objects of one kind made before the first step: each is at least one event. */
export const MAX_AT_START = MAX_RUN_LENGTH;
/** Steps (a lifetime, `grow.every`, `collect.every`, `marks.every`): a run has no more steps than events. */
export const MAX_STEPS = MAX_RUN_LENGTH;
/** Children of one object: each is two events (its allocation and the reference to it). */
export const MAX_CHILDREN = MAX_RUN_LENGTH / 2;
/** Growth by a percentage (`grow.by`): a hundredfold per growth. */
export const MAX_GROW_PERCENT = 10_000;
/** Marks in one run (`marks.every` sets how often): the heap is summed up at each, in time proportional to the objects alive. */
export const MAX_MARKS = 1000;
/**
 * Bytes of the heap, all its areas together: the engine keeps a few bits per block of what a run
 * touches (a full 1 GiB heap costs about 200 MB). The largest MicroPython heaps are tens of MiB.
 */
export const MAX_HEAP_BYTES = 2 ** 30;
