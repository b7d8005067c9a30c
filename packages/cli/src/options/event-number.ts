/** `--at N`: an event number, 0 (the heap before any event) or more. */
import { HeapInputError } from '@heaplab/core';

/** The event number `text` names; one located line when it is not a whole number ≥ 0. */
export function eventNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new HeapInputError(`expected an event number (a whole number ≥ 0), got ${JSON.stringify(text)}`, { field: '--at' });
  return value;
}
