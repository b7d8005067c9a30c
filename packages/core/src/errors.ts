/**
 * Errors raised for input that cannot be used (a bad configuration, event or script).
 * Allocation failures are never errors: they are outcome values.
 */

/** Where in the user's input a problem was found. All parts are optional. */
export interface InputLocation {
  /** File name as the user gave it. */
  readonly file?: string;
  /** 1-based line number. */
  readonly line?: number;
  /** Dotted path of the offending field, e.g. `areas[1].bytes`. */
  readonly field?: string;
}

/**
 * Bad input: says where (file, line, field) and what was expected. The CLI prints it as
 * `FILE:LINE: field: message` and exits with status 2, without a stack trace.
 */
export class HeapInputError extends Error {
  override readonly name = 'HeapInputError';
  readonly location: InputLocation;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, location: InputLocation = {}) {
    super(formatLocated(detail, location));
    this.detail = detail;
    this.location = location;
  }

  /** The same error, placed at a file and/or line (fields already known are kept). */
  at(location: InputLocation): HeapInputError {
    return new HeapInputError(this.detail, { ...location, ...this.location, field: this.location.field ?? location.field });
  }
}

/**
 * Whether `value` is a `HeapInputError`, also one made by another copy of this package (a CLI
 * bundle loads the recorder's own core, whose class is another object): by its name and fields.
 */
export function isHeapInputError(value: unknown): value is HeapInputError {
  if (value instanceof HeapInputError) return true;
  return (
    value instanceof Error &&
    value.name === 'HeapInputError' &&
    typeof (value as { detail?: unknown }).detail === 'string' &&
    typeof (value as { location?: unknown }).location === 'object'
  );
}

function formatLocated(detail: string, { file, line, field }: InputLocation): string {
  const where = [file, line === undefined ? undefined : String(line)].filter((p) => p !== undefined).join(':');
  const prefix = where === '' ? '' : `${where}: `;
  return field === undefined ? `${prefix}${detail}` : `${prefix}${field}: ${detail}`;
}
