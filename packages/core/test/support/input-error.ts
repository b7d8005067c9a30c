import { HeapInputError } from '@heaplab/core';

/** The `HeapInputError` that `run` throws (fails the test if it throws nothing or anything else). */
export function inputError(run: () => unknown): HeapInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof HeapInputError) return error;
    throw error;
  }
  throw new Error('expected a HeapInputError');
}
