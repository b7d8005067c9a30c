/** Whole-number options (`--length 5000`), checked with an error that names the flag. */
import { HeapInputError } from '@heaplab/core';

/** `text` as a whole number ≥ 1. Throws `HeapInputError` for `field` otherwise. */
export function wholeNumber(text: string, field: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new HeapInputError(`expected a whole number ≥ 1, got ${JSON.stringify(text)}`, { field });
  return n;
}
