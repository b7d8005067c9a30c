/**
 * One device-trace line (docs/device-trace.md) in the firmware hook's exact shape: no spaces,
 * `op` first, then the fields in the format's order, so `heaplab replay` reads it on its fast
 * path. Callers give the fields in that order; a field whose value is undefined is left out.
 */

/** A field's value: a whole number, or text. */
export type FieldValue = number | string | undefined;

/** The line for `op` with `fields` (in order), without a line end. */
export function traceLine(op: string, fields: Readonly<Record<string, FieldValue>> = {}): string {
  let text = `{"op":"${op}"`;
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    text += `,"${key}":${typeof value === 'number' ? String(value) : JSON.stringify(value)}`;
  }
  return `${text}}`;
}
