/**
 * The recorder cannot run here: its interpreter package is missing or is another build, or the
 * instrumented binary cannot be built or cached. Not the user's input, and not a bug in the
 * script: the message says what to fix.
 */
export class RecordSetupError extends Error {
  override readonly name = 'RecordSetupError';
}
