/**
 * What the page says about something that went wrong: a `HeapInputError`'s located message as
 * the CLI prints it (after `heaplab: `), or an unexpected error's message.
 */

/** One line for the user. */
export function errorText(thrown: unknown): string {
  if (thrown instanceof Error && thrown.name === 'HeapInputError') return thrown.message;
  return `unexpected error (please report it): ${thrown instanceof Error ? thrown.message : String(thrown)}`;
}
