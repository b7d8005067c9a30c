/**
 * The format table, `DEVICE_FORMAT`, against the page that documents it and the event types
 * derived from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AllocFailLine, DeviceEvent, FreeIgnoredLine, HeapLine, MarkLine, ReallocLine, SyncEndLine, SyncMapLine } from '../src/trace/device-event.js';
import { DEVICE_FORMAT, type DeviceOp } from '../src/trace/device-format.js';

const page = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'device-trace.md'), 'utf8');

/** Each "### `op`" section's field table: the code span that starts each row. */
function documentedFields(markdown: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const section of markdown.split(/^(?=##)/m)) {
    const op = /^### `([a-z_]+)`\n/.exec(section)?.[1];
    if (op === undefined) continue;
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    tables.set(
      op,
      rows.map((row) => /^\| `([^`]+)`/.exec(row)![1]!),
    );
  }
  return tables;
}

describe('DEVICE_FORMAT', () => {
  it('is what docs/device-trace.md documents: every line kind, its fields in the firmware order, `v` first on extension lines', () => {
    const documented = documentedFields(page);
    expect([...documented.keys()].sort()).toEqual(Object.keys(DEVICE_FORMAT).sort());
    for (const [op, format] of Object.entries(DEVICE_FORMAT)) {
      const fields = [...('v' in format ? ['v'] : []), ...Object.keys(format.fields)];
      expect(documented.get(op), op).toEqual(fields);
    }
  });

  it('gives the event types (checked by the type checker: tsc -p tsconfig.test.json)', () => {
    expectTypeOf<DeviceEvent['op']>().toEqualTypeOf<DeviceOp>();
    expectTypeOf<AllocFailLine['stage']>().toEqualTypeOf<'pre_collect' | 'final' | 'locked'>();
    // An optional field with an `absent` value is always in the event; one without may be missing.
    expectTypeOf<Pick<HeapLine, 'struct_bytes'>>().toEqualTypeOf<{ readonly struct_bytes: number }>();
    expectTypeOf<Pick<ReallocLine, 'area' | 'reason'>>().toEqualTypeOf<{
      readonly area?: number;
      readonly reason?: 'no_move' | 'oom' | 'locked' | 'alloc_null';
    }>();
    expectTypeOf<FreeIgnoredLine>().toEqualTypeOf<{
      readonly op: 'free_ignored';
      readonly area: number;
      readonly block: number;
      readonly reason?: string;
      readonly in_realloc: 0 | 1;
    }>();
    expectTypeOf<SyncMapLine>().toEqualTypeOf<{
      readonly op: 'sync_map';
      readonly v: 1;
      readonly area: number;
      readonly block: number;
      readonly map: string;
    }>();
    expectTypeOf<SyncEndLine>().toEqualTypeOf<{ readonly op: 'sync_end'; readonly v: 1 }>();
    expectTypeOf<MarkLine>().toEqualTypeOf<{ readonly op: 'mark'; readonly v: 1; readonly label: string }>();
  });
});
