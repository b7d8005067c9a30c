/**
 * A deterministic stream of valid engine events for tests: allocations of mixed sizes and
 * lifetimes, frees, reallocs, root drops, references, collections and control changes.
 * Liveness is tracked by running the engine alongside, so no event is ever rejected.
 */
import seedrandom from 'seedrandom';
import { collectionOf, openDraft, createHeap, type HeapEvent, type ObjectId, type Outcome } from '@heaplab/core';

/** `length` events on a heap whose typical live size is about `heapBlocks` blocks. */
export function eventStream(seed: number, length: number, heapBlocks: number): HeapEvent[] {
  const random = seedrandom(`event-stream:${seed}`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const draft = openDraft(createHeap({ areas: [{ blocks: Math.max(64, heapBlocks - (heapBlocks % 4)) }] }));
  const live = new Set<ObjectId>();
  const order: ObjectId[] = [];
  let nextId = 0;
  let locked = false;
  const events: HeapEvent[] = [];
  const track = (event: HeapEvent, outcome: Outcome): void => {
    if (outcome.kind === 'placed') live.add(outcome.id);
    if (outcome.kind === 'freed') live.delete(outcome.id);
    for (const f of collectionOf(outcome)?.freed ?? []) live.delete(f.id);
    if (event.op === 'lock') locked = true;
    if (event.op === 'unlock') locked = false;
  };
  const anyLive = (): ObjectId | undefined => {
    while (order.length > 0) {
      const i = Math.floor(random() * order.length);
      const id = order[i]!;
      if (live.has(id)) return id;
      order[i] = order[order.length - 1]!;
      order.pop();
    }
    return undefined;
  };
  while (events.length < length) {
    const r = random();
    const target = anyLive();
    let event: HeapEvent;
    if (r < 0.45 || target === undefined) {
      const size = random() < 0.8 ? 1 + Math.floor(random() * 64) : Math.floor(random() * Math.max(16, heapBlocks * 2));
      const id = nextId++;
      order.push(id);
      event = { op: 'alloc', id, bytes: size, fin: random() < 0.1, root: random() < 0.7, kind: pick(['h', 'h', 'L', 'T', 'S', 'A']) };
    } else if (r < 0.6) event = { op: 'free', id: target };
    else if (r < 0.68) event = { op: 'realloc', id: target, bytes: Math.floor(random() * 200), move: random() < 0.7 };
    else if (r < 0.8) event = { op: 'unroot', id: target };
    else if (r < 0.86) event = { op: 'ref', from: target, to: anyLive() ?? target };
    else if (r < 0.88) event = { op: 'root', id: target };
    else if (r < 0.9) event = { op: 'collect' };
    else if (r < 0.92) event = { op: 'threshold', bytes: random() < 0.5 ? -1 : Math.floor(random() * 2000) };
    else if (r < 0.94) event = { op: random() < 0.5 ? 'disable' : 'enable' };
    else if (r < 0.95) event = { op: locked ? 'unlock' : 'lock' };
    else event = { op: 'alloc', id: nextId++, bytes: 0 };
    const outcome = draft.apply(event);
    if (outcome.kind === 'rejected') throw new Error(`event-stream generated a rejected event: ${JSON.stringify(event)}: ${outcome.message}`);
    track(event, outcome);
    events.push(event);
  }
  return events;
}
