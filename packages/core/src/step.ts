/**
 * One event applied to a draft: checks the event against the state, then does what gc.c does.
 * Misuse (unknown ids, bad sizes, unlock without lock) is rejected and changes nothing.
 */
import { produce } from 'immer';
import { failureFacts, gcAlloc } from './alloc.js';
import { freeRunFrom } from './block-table/index.js';
import { freeWalkPastEnd } from './ftb-overrun.js';
import { collect } from './collect.js';
import type { HeapDraft } from './draft.js';
import { EVENT_FORMAT_VERSION, type AllocEvent, type HeapEvent, type ObjectId, type ReallocEvent, type RefEvent } from './events.js';
import type { CollectReport, Outcome, Placement, RejectCode } from './outcomes.js';
import { movedTo, NO_REFS, objectRecord, withRefAdded, withRefRemoved, withRooted } from './object-record.js';
import type { HeapObject } from './state.js';
import { plural } from './plural.js';

const OK: Outcome = { kind: 'ok' };

/** Applies `event` to `draft` and says what happened. Never throws for bad events. */
export function step(draft: HeapDraft, event: HeapEvent): Outcome {
  if (typeof event !== 'object' || event === null) return reject('bad-event', 'an event must be an object');
  if (event.v !== undefined && event.v !== EVENT_FORMAT_VERSION) {
    // An event from outside may carry anything here, even an object whose toString throws.
    const shown = typeof event.v === 'number' || typeof event.v === 'string' ? String(event.v) : `of type ${typeof event.v}`;
    return reject('bad-version', `event format version ${shown} is not supported (this engine reads ${EVENT_FORMAT_VERSION})`);
  }
  const outcome = dispatch(draft, event);
  if (outcome.kind !== 'rejected') draft.events++;
  return outcome;
}

function dispatch(draft: HeapDraft, event: HeapEvent): Outcome {
  switch (event.op) {
    case 'alloc':
      return allocate(draft, event);
    case 'free':
      return free(draft, event.id);
    case 'realloc':
      return reallocate(draft, event);
    case 'root':
    case 'unroot':
      return setRooted(draft, event.id, event.op === 'root');
    case 'ref':
    case 'unref':
      return reference(draft, event);
    case 'collect': {
      if (event.freed !== undefined) {
        const problem = checkFreedSet(draft, event.freed, 'collect');
        if (problem !== null) return problem;
      }
      return { kind: 'collected', report: collect(draft, 'explicit', { freedIds: event.freed }) };
    }
    case 'threshold': {
      if (!Number.isSafeInteger(event.bytes)) return reject('bad-size', `threshold: expected a whole number of bytes, got ${String(event.bytes)}`);
      const blocks = event.bytes < 0 ? -1 : Math.floor(event.bytes / draft.config.blockBytes);
      draft.control = produce(draft.control, (c) => {
        c.thresholdBlocks = blocks;
      });
      return OK;
    }
    case 'enable':
    case 'disable': {
      const on = event.op === 'enable';
      draft.control = produce(draft.control, (c) => {
        c.autoCollect = on;
      });
      return OK;
    }
    case 'lock':
    case 'unlock': {
      if (event.op === 'unlock' && draft.control.lockDepth === 0) return reject('not-locked', 'unlock: the heap is not locked');
      const delta = event.op === 'lock' ? 1 : -1;
      draft.control = produce(draft.control, (c) => {
        c.lockDepth += delta;
      });
      return OK;
    }
    default:
      return reject('bad-event', `unknown event op ${JSON.stringify((event as { op?: unknown }).op)}`);
  }
}

function allocate(draft: HeapDraft, event: AllocEvent): Outcome {
  const { id, bytes } = event;
  if (!isId(id)) return badId('alloc', id);
  if (!isSize(bytes)) return badSize('alloc', bytes);
  if (draft.getObject(id) !== undefined) return reject('id-in-use', `alloc: object ${id} is already live`);
  if (event.sweep !== undefined) {
    const problem = checkFreedSet(draft, event.sweep, 'alloc');
    if (problem !== null) return problem;
  }
  const needed = blocksFor(draft, bytes);
  if (needed === 0) return { kind: 'zero', id };
  let collection: CollectReport | null = null;
  let at: Placement;
  if (event.at !== undefined) {
    // A dictated spot is where the device put the object: its own block count, no rounding.
    const blocks = needed;
    const problem = checkSpot(draft, event.at, blocks);
    if (problem !== null) return problem;
    at = { area: event.at.area, block: event.at.block, blocks };
    draft.claimAt(at);
    draft.allocAmount += blocks;
  } else {
    const longLived = event.longLived === true;
    const blocks = draft.strategy.blocksFor(needed);
    const spot = gcAlloc(draft, { blocks, needed, longLived }, undefined, event.sweep, event.thresholdCollect === true);
    if (spot === null)
      return { kind: 'memory-error', id, op: 'alloc', facts: failureFacts(draft, bytes, blocks, draft.control.lockDepth > 0, draft.allocCollection) };
    at = spot;
    collection = draft.allocCollection;
  }
  draft.putObject(
    objectRecord(
      id,
      at.area,
      at.block,
      at.blocks,
      bytes,
      event.fin === true,
      event.root !== false,
      event.longLived === true,
      event.kind ?? 'h',
      NO_REFS,
      draft.events,
      draft.serial++,
    ),
  );
  return { kind: 'placed', id, at, collection };
}

function checkSpot(draft: HeapDraft, at: { area: number; block: number }, blocks: number): Outcome | null {
  const table = typeof at === 'object' && at !== null && Number.isSafeInteger(at.area) ? draft.tables[at.area] : undefined;
  if (table === undefined)
    return reject(
      'bad-placement',
      draft.tables.length === 1 ? 'alloc: at.area must be 0, the only area' : `alloc: at.area must name one of the ${draft.tables.length} areas`,
    );
  if (!Number.isSafeInteger(at.block) || at.block < 0 || at.block + blocks > table.blocks) {
    return reject(
      'bad-placement',
      `alloc: ${plural(blocks, 'block')} at block ${String(at.block)} ${blocks === 1 ? 'does' : 'do'} not fit in area ${at.area} (${plural(table.blocks, 'block')})`,
    );
  }
  if (freeRunFrom(table, at.block, blocks) < blocks) {
    return reject('bad-placement', `alloc: blocks ${at.block}..${at.block + blocks - 1} of area ${at.area} are not all free`);
  }
  return null;
}

function free(draft: HeapDraft, id: ObjectId): Outcome {
  const object = live(draft, id);
  if (object === undefined) return unknown('free', id);
  if (draft.control.lockDepth > 0) return { kind: 'free-ignored', id, reason: 'locked' };
  draft.release(object.area, object.block, object.blocks);
  draft.removeObject(id);
  freeWalkPastEnd(draft, object.area, object.block + object.blocks);
  return { kind: 'freed', id, at: placement(object) };
}

function reallocate(draft: HeapDraft, event: ReallocEvent): Outcome {
  const { id, bytes } = event;
  if (!isId(id)) return badId('realloc', id);
  if (!isSize(bytes)) return badSize('realloc', bytes);
  const object = draft.getObject(id);
  if (object === undefined) return unknown('realloc', id);
  if (event.sweep !== undefined) {
    const problem = checkFreedSet(draft, event.sweep, 'realloc');
    if (problem !== null) return problem;
    if (event.sweep.includes(id)) return reject('bad-event', `realloc: object ${id} cannot be swept while it is being reallocated`);
  }
  if (bytes === 0) return free(draft, id);
  const from = placement(object);
  if (draft.control.lockDepth > 0) return failedRealloc(draft, event, from, 'locked', bytes);
  const needed = blocksFor(draft, bytes);
  const want = draft.strategy.blocksFor(needed);
  const have = object.blocks;
  if (want === have) {
    draft.updateObject(object, movedTo(object, object.area, object.block, have, bytes, draft.owns(object)));
    return { kind: 'realloc', id, result: 'same', from, to: from, collection: null };
  }
  if (want < have) {
    draft.release(object.area, object.block + want, have - want);
    draft.updateObject(object, movedTo(object, object.area, object.block, want, bytes, draft.owns(object)));
    return { kind: 'realloc', id, result: 'shrink', from, to: { area: from.area, block: from.block, blocks: want }, collection: null };
  }
  // Growth uses only free blocks after the object, never crossing the end of its area.
  const end = object.block + have;
  if (draft.strategy.growsInPlace(object.block, have, want) && freeRunFrom(draft.tables[object.area]!, end, want - have) >= want - have) {
    draft.extend(object.area, end, want - have);
    draft.updateObject(object, movedTo(object, object.area, object.block, want, bytes, draft.owns(object)));
    return { kind: 'realloc', id, result: 'grow', from, to: { area: from.area, block: from.block, blocks: want }, collection: null };
  }
  if (!event.move) return { kind: 'realloc-failed', id, reason: 'no-move', from };
  // Moving: the new copy is allocated while the old block is still held, then the old is freed.
  const to = gcAlloc(draft, { blocks: want, needed, longLived: object.longLived }, id, event.sweep, event.thresholdCollect === true);
  if (to === null) return { kind: 'memory-error', id, op: 'realloc', facts: failureFacts(draft, bytes, want, false, draft.allocCollection) };
  const current = draft.getObject(id)!;
  draft.release(current.area, current.block, current.blocks);
  draft.updateObject(current, movedTo(current, to.area, to.block, want, bytes, draft.owns(current)));
  freeWalkPastEnd(draft, from.area, from.block + from.blocks);
  return { kind: 'realloc', id, result: 'moved', from, to, collection: draft.allocCollection };
}

function failedRealloc(draft: HeapDraft, event: ReallocEvent, from: Placement, reason: 'locked', bytes: number): Outcome {
  if (!event.move) return { kind: 'realloc-failed', id: event.id, reason, from };
  return {
    kind: 'memory-error',
    id: event.id,
    op: 'realloc',
    facts: failureFacts(draft, bytes, draft.strategy.blocksFor(blocksFor(draft, bytes)), true, null),
  };
}

function setRooted(draft: HeapDraft, id: ObjectId, rooted: boolean): Outcome {
  const object = live(draft, id);
  if (object === undefined) return unknown(rooted ? 'root' : 'unroot', id);
  if (object.rooted !== rooted) draft.updateObject(object, withRooted(object, rooted, draft.owns(object)));
  return OK;
}

function reference(draft: HeapDraft, event: RefEvent): Outcome {
  const from = live(draft, event.from);
  if (from === undefined) return unknown(event.op, event.from);
  const to = live(draft, event.to);
  if (to === undefined) return unknown(event.op, event.to);
  if (event.op === 'ref') {
    draft.updateObject(from, withRefAdded(from, { id: to.id, serial: to.serial }, draft.owns(from)));
    return OK;
  }
  const at = from.refs.findIndex((ref) => ref.id === to.id && ref.serial === to.serial);
  if (at < 0) return reject('unknown-ref', `unref: object ${from.id} holds no reference to ${to.id}`);
  draft.updateObject(from, withRefRemoved(from, at, draft.owns(from)));
  return OK;
}

function checkFreedSet(draft: HeapDraft, freed: readonly ObjectId[], op: string): Outcome | null {
  if (!Array.isArray(freed)) return reject('bad-event', `${op}: the objects a collection frees must be a list of ids`);
  const seen = new Set<ObjectId>();
  for (const id of freed) {
    if (live(draft, id) === undefined) return unknown(op, id);
    if (seen.has(id)) return reject('bad-event', `${op}: object ${id} is listed twice among those a collection frees`);
    seen.add(id);
  }
  return null;
}

function live(draft: HeapDraft, id: unknown): HeapObject | undefined {
  return isId(id) ? draft.getObject(id) : undefined;
}

function placement(object: HeapObject): Placement {
  return { area: object.area, block: object.block, blocks: object.blocks };
}

function blocksFor(draft: HeapDraft, bytes: number): number {
  return Math.ceil(bytes / draft.config.blockBytes);
}

function isId(id: unknown): id is ObjectId {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

function isSize(bytes: unknown): bytes is number {
  return typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 0;
}

function reject(code: RejectCode, message: string): Outcome {
  return { kind: 'rejected', code, message };
}

function badId(op: string, id: unknown): Outcome {
  return reject('bad-event', `${op}: expected an object id (a whole number ≥ 0), got ${String(id)}`);
}

function badSize(op: string, bytes: unknown): Outcome {
  return reject('bad-size', `${op}: expected a size in bytes (a whole number from 0 to 2^53), got ${String(bytes)}`);
}

function unknown(op: string, id: unknown): Outcome {
  return reject('unknown-id', `${op}: no live object ${String(id)}`);
}
