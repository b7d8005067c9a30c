/**
 * Decoding one line of a device trace into a checked `DeviceEvent`. Every field the format
 * (`DEVICE_FORMAT`) defines for the line's `op` must be there with the right type, unless it
 * is optional; other fields are ignored (later format versions may add some).
 *
 * This is the full path, for a line in any shape JSON allows. Lines in the firmware's exact
 * shape are read faster from their bytes by `decodeKnownLine`, which agrees with it.
 */
import { HeapInputError } from '@heaplab/core';
import type { DeviceEvent } from './device-event.js';
import { DEVICE_FORMAT, LABEL_MAX_BYTES, type DeviceOp, type FieldKind, type LineFormat } from './device-format.js';

/** What a field must hold: a kind of value, or (an extension line's `v`) one version. */
type Expected = FieldKind | { readonly version: number };

/** An op's checks, in the order they run: its `v`, its required fields, then its optional ones. */
interface Shape {
  readonly checks: readonly { readonly field: string; readonly expected: Expected; readonly required: boolean }[];
  /** Values an event gets for optional fields the line leaves out. */
  readonly absent: readonly { readonly field: string; readonly value: number }[];
}

function shape({ v, fields }: LineFormat): Shape {
  const entries = Object.entries(fields);
  const required = entries.flatMap(([field, spec]) => (typeof spec === 'object' && 'optional' in spec ? [] : [{ field, expected: spec, required: true }]));
  const optional = entries.flatMap(([field, spec]) =>
    typeof spec === 'object' && 'optional' in spec ? [{ field, expected: spec.optional, required: false }] : [],
  );
  const absent = entries.flatMap(([field, spec]) =>
    typeof spec === 'object' && 'optional' in spec && spec.absent !== undefined ? [{ field, value: spec.absent }] : [],
  );
  const version = v === undefined ? [] : [{ field: 'v', expected: { version: v }, required: true }];
  return { checks: [...version, ...required, ...optional], absent };
}

const SHAPES = Object.fromEntries(Object.entries(DEVICE_FORMAT).map(([op, format]) => [op, shape(format)])) as Readonly<Record<DeviceOp, Shape>>;

/** Decodes one trace line. Throws `HeapInputError` naming the file, line and field. */
export function decodeDeviceLine(text: string, line: number, file?: string): DeviceEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HeapInputError(`not a JSON object: ${preview(text)}`, { file, line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HeapInputError(`expected a JSON object, got ${preview(text)}`, { file, line });
  const record = value as Record<string, unknown>;
  const op = record.op;
  if (typeof op !== 'string' || !Object.hasOwn(SHAPES, op)) {
    throw new HeapInputError(`unknown op ${JSON.stringify(op)}; expected one of ${Object.keys(SHAPES).join(', ')}`, { file, line, field: 'op' });
  }
  const { checks, absent } = SHAPES[op as DeviceOp];
  for (const { field, expected, required } of checks) check(record, field, expected, required, file, line, op);
  for (const { field, value } of absent) if (record[field] === undefined) record[field] = value;
  return record as unknown as DeviceEvent;
}

function check(
  record: Record<string, unknown>,
  field: string,
  expected: Expected,
  required: boolean,
  file: string | undefined,
  line: number,
  op: string,
): void {
  const value = record[field];
  if (value === undefined) {
    if (required) throw new HeapInputError(`missing in ${/^[aeiou]/.test(op) ? 'an' : 'a'} ${op} line; expected ${describe(expected)}`, { file, line, field });
    return;
  }
  const ok =
    expected === 'count'
      ? typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      : expected === 'flag'
        ? value === 0 || value === 1
        : expected === 'string'
          ? typeof value === 'string'
          : expected === 'label'
            ? typeof value === 'string' && value !== '' && utf8Bytes(value) <= LABEL_MAX_BYTES
            : 'version' in expected
              ? value === expected.version
              : typeof value === 'string' && expected.includes(value);
  if (!ok) throw new HeapInputError(`expected ${describe(expected)}, got ${got(expected, value)}`, { file, line, field });
}

function describe(expected: Expected): string {
  if (expected === 'count') return 'a whole number ≥ 0';
  if (expected === 'flag') return '0 or 1';
  if (expected === 'string') return 'a string';
  if (expected === 'label') return `a label: text of 1 to ${LABEL_MAX_BYTES} bytes (UTF-8)`;
  if ('version' in expected) return `version ${expected.version} of this line (the one heaplab reads; a newer recorder wrote it?)`;
  return `one of ${expected.map((k) => JSON.stringify(k)).join(', ')}`;
}

const UTF8 = new TextEncoder();

/** Bytes of `text` in UTF-8 (a lone surrogate counts as the 3 of U+FFFD, as Node's Buffer counts it). */
function utf8Bytes(text: string): number {
  return UTF8.encode(text).length;
}

/** The value a field holds, as an error shows it: a label too long to show by its length. */
function got(expected: Expected, value: unknown): string {
  if (expected === 'label' && typeof value === 'string') return value === '' ? 'an empty string' : `${utf8Bytes(value)} bytes`;
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would show as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number too large)`;
  return JSON.stringify(value);
}

function preview(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shown);
}
