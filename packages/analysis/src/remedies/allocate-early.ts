/**
 * `allocate-early`: allocate the long-lived objects that pin the free space (the diagnosis'
 * pins) before the first large buffer, so that they settle among the other early objects
 * instead of between the holes large buffers leave. Large: at least a quarter of the failing
 * request's blocks (and 2 blocks), as `transient-peak` counts it. Each pin allocated after that
 * buffer moves to just before it, in order and placed by the strategy (without a dictated spot
 * or a recorded sweep); where it was allocated unrooted, an `unroot` stays in its place. A pin
 * whose id the events name in between is left where it was. Everything else is kept.
 */
import type { AllocEvent, HeapEvent } from '@heaplab/core';
import { eventAt, listed } from '../diagnosis/wording.js';
import { plural } from '@heaplab/core';
import type { MovedObject, Remedy } from './remedy.js';
import { lineAt, type RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

/** The first large allocation (recorded index) and the change that moves the pins before it; null when no pin comes after it. */
export function allocateEarlyEdit(
  events: readonly HeapEvent[],
  pins: readonly number[],
  largeBlocks: number,
  blockBytes: number,
): { edit: StreamEdit; before: number; moved: number[] } | null {
  const before = events.findIndex((e) => e.op === 'alloc' && Math.ceil(e.bytes / blockBytes) >= largeBlocks);
  if (before < 0) return null;
  const moved = pins.filter((pin) => pin > before && !namedBetween(events, (events[pin] as AllocEvent).id, before, pin));
  if (moved.length === 0) return null;
  const edit = new StreamEdit();
  for (const pin of moved) {
    const { at: _at, sweep: _sweep, root, ...alloc } = events[pin] as AllocEvent;
    edit.insertBefore(before, alloc);
    edit.replace(pin, root === false ? { op: 'unroot', id: alloc.id } : null);
  }
  return { edit, before, moved };
}

/** Whether an event from `from` up to (not including) `to` names object `id`. */
function namedBetween(events: readonly HeapEvent[], id: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    if ('id' in e && e.id === id) return true;
    if ((e.op === 'ref' || e.op === 'unref') && (e.from === id || e.to === id)) return true;
  }
  return false;
}

export function allocateEarly(context: RemedyContext, pins: readonly number[]): Remedy | null {
  const { events, config, diagnosis } = context;
  const largeBlocks = Math.max(2, Math.ceil(diagnosis.failure.blocks / 4));
  const found = allocateEarlyEdit(events, pins, largeBlocks, config.blockBytes);
  if (found === null) return null;
  const verified = context.replayer.run(found.edit).check;
  const moved: MovedObject[] = found.moved.map((index) => ({
    event: index + 1,
    line: lineAt(context, index + 1),
    bytes: (events[index] as AllocEvent).bytes,
  }));
  const beforeEvent = found.before + 1;
  const beforeLine = lineAt(context, beforeEvent);
  const what = listed(moved.map((m) => `${plural(m.bytes, 'byte')} allocated at ${eventAt(m.event, m.line)}`));
  const objects = moved.length === 1 ? 'the long-lived object that pins' : `the ${moved.length} long-lived objects that pin`;
  return {
    kind: 'allocate-early',
    summary: `Allocate ${objects} the free space (${what}) before the first large buffer, at ${eventAt(beforeEvent, beforeLine)}: ${checkText(verified)}.`,
    change: { beforeEvent, beforeLine, moved },
    verified,
  };
}
