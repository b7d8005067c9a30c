/**
 * Decoding the lines of an engine trace: the header (format, version, a configuration the
 * engine accepts), events (an op it knows, with fields of the right types and no others) and
 * marks (a label for a point of the run, no event). Errors name the file, the line and the field.
 *
 * A field an event does not have is an error, not ignored: `"rooot": false` would otherwise leave
 * the object rooted without a word.
 */
import { EVENT_FORMAT_VERSION, HeapInputError, nearestName, resolveConfig, strategyFor, type HeapConfigInput, type HeapEvent } from '@heaplab/core';
import { ENGINE_TRACE_FORMAT, ENGINE_TRACE_VERSION, type EngineTraceHeader } from './engine-trace-format.js';

/** Whether a first line looks like an engine trace header (without checking it). */
export function isEngineTraceHeader(text: string): boolean {
  return text.includes(`"format":"${ENGINE_TRACE_FORMAT}"`) || text.includes(`"format": "${ENGINE_TRACE_FORMAT}"`);
}

/** The checked header. */
export function decodeEngineHeader(text: string, file?: string): EngineTraceHeader {
  const record = jsonObject(text, 1, file);
  if (record.format !== ENGINE_TRACE_FORMAT) throw new HeapInputError(`expected "${ENGINE_TRACE_FORMAT}"`, { file, line: 1, field: 'format' });
  if (record.version !== ENGINE_TRACE_VERSION) {
    const expected = `expected ${ENGINE_TRACE_VERSION}, the version this heaplab reads`;
    const message = record.version === undefined ? `missing; ${expected}` : `${expected}, got ${JSON.stringify(record.version)}`;
    throw new HeapInputError(message, { file, line: 1, field: 'version' });
  }
  const where = { file, line: 1 };
  onlyFields(record, HEADER_FIELDS, 'the header', where);
  if (record.source !== undefined && typeof record.source !== 'string')
    throw new HeapInputError(`expected text, got ${JSON.stringify(record.source)}`, { ...where, field: 'source' });
  const config: unknown = record.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new HeapInputError('expected the heap configuration (an object)', { ...where, field: 'config' });
  onlyConfigFields(config as Record<string, unknown>, where);
  try {
    // The strategy checks its name and parameters when it is built: build it here, so a bad one is
    // this line's error, not one without a place when the replay starts.
    strategyFor(resolveConfig(record.config as HeapConfigInput));
  } catch (error) {
    if (error instanceof HeapInputError)
      throw new HeapInputError(error.detail, { file, line: 1, field: `config.${error.location.field ?? ''}`.replace(/\.$/, '') });
    throw error;
  }
  return record as unknown as EngineTraceHeader;
}

/** The header's fields. */
const HEADER_FIELDS = ['format', 'version', 'config', 'source'];
/** The configuration's fields: every one of `HeapConfigInput`, and no other. */
const CONFIG_FIELDS = Object.keys({
  wordBytes: true,
  finaliser: true,
  weakref: true,
  mpyVersion: true,
  splitHeap: true,
  areas: true,
  strategy: true,
  strategyParams: true,
  areaPolicy: true,
} satisfies Record<keyof HeapConfigInput, true>);
const AREA_FIELDS = ['bytes', 'blocks', 'start'];
const AREA_POLICY_FIELDS = ['kind', 'smallBytes'];

/** A configuration field the engine does not read would be ignored without a word (`"strategyy": "tlsf"` runs micropython). */
function onlyConfigFields(config: Record<string, unknown>, where: { file?: string; line: number }): void {
  onlyFields(config, CONFIG_FIELDS, 'config', where, 'config.');
  if (Array.isArray(config.areas))
    config.areas.forEach((area: unknown, i) => {
      if (typeof area === 'object' && area !== null) onlyFields(area, AREA_FIELDS, `an area`, where, `config.areas[${i}].`);
    });
  const policy = config.areaPolicy;
  if (typeof policy === 'object' && policy !== null) onlyFields(policy, AREA_POLICY_FIELDS, 'areaPolicy', where, 'config.areaPolicy.');
}

type FieldKind = 'id' | 'size' | 'signed' | 'bool' | 'ids' | 'kind' | 'spot';

const SHAPES: Readonly<
  Record<HeapEvent['op'], { readonly required: Readonly<Record<string, FieldKind>>; readonly optional?: Readonly<Record<string, FieldKind>> }>
> = {
  alloc: {
    required: { id: 'id', bytes: 'size' },
    optional: { fin: 'bool', root: 'bool', kind: 'kind', longLived: 'bool', at: 'spot', sweep: 'ids', thresholdCollect: 'bool' },
  },
  free: { required: { id: 'id' } },
  realloc: { required: { id: 'id', bytes: 'size', move: 'bool' }, optional: { sweep: 'ids', thresholdCollect: 'bool' } },
  root: { required: { id: 'id' } },
  unroot: { required: { id: 'id' } },
  ref: { required: { from: 'id', to: 'id' } },
  unref: { required: { from: 'id', to: 'id' } },
  collect: { required: {}, optional: { freed: 'ids' } },
  threshold: { required: { bytes: 'signed' } },
  enable: { required: {} },
  disable: { required: {} },
  lock: { required: {} },
  unlock: { required: {} },
};

const KINDS = ['h', 'T', 'L', 'D', 'S', 'A', 'F', 'B', 'M'];

/** The op of a mark line: not an engine event, so not one of `SHAPES`. */
const MARK_OP = 'mark';
/** The fields of a mark line. */
const MARK_FIELDS = ['op', 'label', 'v'];
/** The fields of an `at` place. */
const SPOT_FIELDS = ['area', 'block'];

/** A line after the header: an engine event, or a mark (a point of the run the program named). */
export type EngineLine = { readonly kind: 'event'; readonly event: HeapEvent } | { readonly kind: 'mark'; readonly label: string };

/** One checked event. A mark line is refused here: see `decodeEngineLine`. */
export function decodeEngineEvent(text: string, line: number, file?: string): HeapEvent {
  return checkEvent(jsonObject(text, line, file), Object.keys(SHAPES), { file, line });
}

/** One checked line after the header: an event, or a mark (`{"op":"mark","label":"…"}`). */
export function decodeEngineLine(text: string, line: number, file?: string): EngineLine {
  const record = jsonObject(text, line, file);
  if (record.op !== MARK_OP) return { kind: 'event', event: checkEvent(record, [...Object.keys(SHAPES), MARK_OP], { file, line }) };
  checkVersion(record, file, line);
  onlyFields(record, MARK_FIELDS, 'a mark line', { file, line });
  const label = record.label;
  if (typeof label !== 'string' || label === '')
    throw new HeapInputError(`expected a label (text, not empty), got ${label === undefined ? 'nothing' : JSON.stringify(label)}`, {
      file,
      line,
      field: 'label',
    });
  return { kind: 'mark', label };
}

/** The record as an event; `ops` are the ops an unknown one's error lists. */
function checkEvent(record: Record<string, unknown>, ops: readonly string[], { file, line }: { file?: string; line: number }): HeapEvent {
  const op = record.op;
  if (typeof op !== 'string' || !Object.hasOwn(SHAPES, op)) {
    throw new HeapInputError(`unknown op ${JSON.stringify(op)}; expected one of ${ops.join(', ')}`, { file, line, field: 'op' });
  }
  checkVersion(record, file, line);
  const shape = SHAPES[op as HeapEvent['op']];
  onlyFields(record, ['op', ...Object.keys(shape.required), ...Object.keys(shape.optional ?? {}), 'v'], `${article(op)} ${op} line`, { file, line });
  for (const [field, kind] of Object.entries(shape.required)) check(record[field], kind, true, { file, line, field });
  for (const [field, kind] of Object.entries(shape.optional ?? {})) check(record[field], kind, false, { file, line, field });
  if (typeof record.at === 'object' && record.at !== null) onlyFields(record.at as Record<string, unknown>, SPOT_FIELDS, 'an at place', { file, line }, 'at.');
  return record as unknown as HeapEvent;
}

/** The first field of `record` not in `known` is an error naming it, with the known field it most likely meant. */
function onlyFields(record: object, known: readonly string[], what: string, where: { file?: string; line: number }, prefix = ''): void {
  const unknown = Object.keys(record).find((field) => !known.includes(field));
  if (unknown === undefined) return;
  const near = nearestName(unknown, known);
  const guess = near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
  throw new HeapInputError(`unknown field${guess}; ${what} has ${known.join(', ')}`, { ...where, field: `${prefix}${unknown}` });
}

function article(op: string): string {
  return /^[aeiou]/.test(op) ? 'an' : 'a';
}

function checkVersion(record: Record<string, unknown>, file: string | undefined, line: number): void {
  if (record.v !== undefined && record.v !== EVENT_FORMAT_VERSION)
    throw new HeapInputError(`event version ${JSON.stringify(record.v)} is not ${EVENT_FORMAT_VERSION}`, { file, line, field: 'v' });
}

function check(value: unknown, kind: FieldKind, required: boolean, where: { file?: string; line: number; field: string }): void {
  if (value === undefined) {
    if (required) throw new HeapInputError(`missing; expected ${describe(kind)}`, where);
    return;
  }
  const whole = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const ok =
    kind === 'id' || kind === 'size'
      ? whole(value)
      : kind === 'signed'
        ? typeof value === 'number' && Number.isSafeInteger(value)
        : kind === 'bool'
          ? typeof value === 'boolean'
          : kind === 'kind'
            ? typeof value === 'string' && KINDS.includes(value)
            : kind === 'ids'
              ? Array.isArray(value) && value.every(whole)
              : typeof value === 'object' && value !== null && whole((value as { area?: unknown }).area) && whole((value as { block?: unknown }).block);
  if (!ok) throw new HeapInputError(`expected ${describe(kind)}, got ${JSON.stringify(value)}`, where);
}

function describe(kind: FieldKind): string {
  switch (kind) {
    case 'id':
      return 'an object id (a whole number ≥ 0)';
    case 'size':
      return 'a size in bytes (a whole number ≥ 0)';
    case 'signed':
      return 'a whole number';
    case 'bool':
      return 'true or false';
    case 'kind':
      return `one of ${KINDS.join(' ')}`;
    case 'ids':
      return 'a list of object ids';
    case 'spot':
      return 'an object {"area": …, "block": …}';
  }
}

function jsonObject(text: string, line: number, file?: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HeapInputError(`not a JSON object: ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`, { file, line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HeapInputError('expected a JSON object', { file, line });
  return value as Record<string, unknown>;
}
