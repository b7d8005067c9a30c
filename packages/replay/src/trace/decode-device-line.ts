/**
 * Decoding one line of a device trace into a checked `DeviceEvent`. Every field the format
 * defines for the line's `op` must be there with the right type; other fields are ignored
 * (later format versions may add some).
 *
 * This is the full path, for a line in any shape JSON allows. Lines in the firmware's exact
 * shape are read faster from their bytes by `decodeKnownLine`, which agrees with it.
 */
import { HeapInputError } from '@heaplab/core';
import type { DeviceEvent } from './device-event.js';

/** `version`: an extension line's `v`, which must be 1 (the version this decoder reads). */
type FieldKind = 'count' | 'flag' | 'version' | readonly string[];

interface Shape {
  readonly required: Readonly<Record<string, FieldKind>>;
  readonly optional?: Readonly<Record<string, FieldKind>>;
}

const PLACE = { area: 'count', block: 'count' } as const;

const SHAPES: Readonly<Record<DeviceEvent['op'], Shape>> = {
  heap: {
    required: {
      area: 'count',
      bytes: 'count',
      pool_bytes: 'count',
      total_blocks: 'count',
      block_bytes: 'count',
      word_bytes: 'count',
      atb_bytes: 'count',
      ftb_bytes: 'count',
      wtb_bytes: 'count',
      pool_offset: 'count',
    },
    optional: { struct_bytes: 'count' },
  },
  alloc: { required: { bytes: 'count', blocks: 'count', ...PLACE, fin: 'flag', in_realloc: 'flag', after_collect: 'flag' } },
  alloc_fail: {
    required: {
      bytes: 'count',
      blocks: 'count',
      stage: ['pre_collect', 'final', 'locked'],
      fin: 'flag',
      in_realloc: 'flag',
      in_collect: 'flag',
      after_collect: 'flag',
    },
  },
  memory_error: { required: { bytes: 'count', heap_locked: 'flag' } },
  alloc_zero: { required: {} },
  free: { required: { ...PLACE, blocks: 'count', in_realloc: 'flag', in_collect: 'flag' } },
  free_ignored: { required: { ...PLACE, in_realloc: 'flag' }, optional: { reason: [] } },
  collect_start: { required: { reason: ['alloc_fail', 'explicit', 'threshold', 'sweep_all'] } },
  sweep_free: { required: { ...PLACE, blocks: 'count' } },
  collect_end: { required: { freed_objs: 'count', freed_blocks: 'count' } },
  realloc: {
    required: { result: ['same', 'shrink', 'grow', 'moved', 'fail', 'alloc', 'free'], bytes: 'count', new_blocks: 'count', allow_move: 'flag' },
    optional: { ...PLACE, old_blocks: 'count', new_area: 'count', new_block: 'count', free_after: 'count', reason: ['no_move', 'oom', 'locked', 'alloc_null'] },
  },
  info: { required: { total: 'count', used: 'count', free: 'count', max_free_blocks: 'count', n_1block: 'count', n_2block: 'count', max_block: 'count' } },
  gap: { required: { v: 'version', lost: 'count' } },
  sync: { required: { v: 'version', area: 'count', blocks: 'count' } },
  sync_map: { required: { v: 'version', ...PLACE, map: [] } },
  sync_end: { required: { v: 'version' } },
};

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
  const shape = SHAPES[op as DeviceEvent['op']];
  for (const [field, kind] of Object.entries(shape.required)) check(record, field, kind, true, file, line, op);
  for (const [field, kind] of Object.entries(shape.optional ?? {})) check(record, field, kind, false, file, line, op);
  if (op === 'heap' && record.struct_bytes === undefined) record.struct_bytes = 0;
  return record as unknown as DeviceEvent;
}

function check(record: Record<string, unknown>, field: string, kind: FieldKind, required: boolean, file: string | undefined, line: number, op: string): void {
  const value = record[field];
  if (value === undefined) {
    if (required) throw new HeapInputError(`missing in a ${op} line; expected ${describe(kind)}`, { file, line, field });
    return;
  }
  const ok =
    kind === 'count'
      ? typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      : kind === 'flag'
        ? value === 0 || value === 1
        : kind === 'version'
          ? value === 1
          : typeof value === 'string' && (kind.length === 0 || kind.includes(value));
  if (!ok) throw new HeapInputError(`expected ${describe(kind)}, got ${JSON.stringify(value)}`, { file, line, field });
}

function describe(kind: FieldKind): string {
  if (kind === 'count') return 'a whole number ≥ 0';
  if (kind === 'flag') return '0 or 1';
  if (kind === 'version') return 'version 1 of this line (the one heaplab reads; a newer recorder wrote it?)';
  return kind.length === 0 ? 'a string' : `one of ${kind.map((k) => JSON.stringify(k)).join(', ')}`;
}

function preview(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shown);
}
