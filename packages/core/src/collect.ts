/**
 * Mark and sweep (`gc_collect`): mark from the roots through references, free the rest in
 * address order. A device trace instead names the freed objects itself (`freedIds`).
 */
import type { HeapDraft } from './draft.js';
import type { ObjectId } from './events.js';
import { idMapForEach, idMapGet } from './id-map.js';
import type { CollectReason, CollectReport, FreedObject } from './outcomes.js';
import type { HeapObject } from './state.js';

export interface CollectOptions {
  /** Free exactly these (live, distinct) objects instead of marking. */
  readonly freedIds?: readonly ObjectId[];
  /** An object the caller still holds (gc_realloc's old block during its nested gc_alloc). */
  readonly pinned?: ObjectId;
}

/** Runs one collection on the draft and reports what it freed. */
export function collect(draft: HeapDraft, reason: CollectReason, options: CollectOptions = {}): CollectReport {
  draft.collections++;
  draft.allocAmount = 0;
  const doomed = options.freedIds === undefined ? unreachable(draft, options.pinned) : options.freedIds.map((id) => draft.getObject(id)!);
  doomed.sort((a, b) => a.area - b.area || a.block - b.block);
  const freed: FreedObject[] = [];
  let freedBlocks = 0;
  const runs: number[][] = draft.tables.map(() => []);
  for (const object of doomed) {
    runs[object.area]!.push(object.block, object.blocks);
    draft.removeObject(object.id);
    freed.push({ id: object.id, area: object.area, block: object.block, blocks: object.blocks, finalised: object.fin });
    freedBlocks += object.blocks;
  }
  runs.forEach((areaRuns, area) => draft.sweepRuns(area, areaRuns));
  draft.swept();
  return { number: draft.collections, reason, freed, freedBlocks };
}

function unreachable(draft: HeapDraft, pinned: ObjectId | undefined): HeapObject[] {
  const objects = draft.objects;
  const marked = new Set<ObjectId>();
  const stack: HeapObject[] = [];
  const mark = (object: HeapObject): void => {
    if (!marked.has(object.id)) {
      marked.add(object.id);
      stack.push(object);
    }
  };
  idMapForEach(objects, (object) => {
    if (object.rooted) mark(object);
  });
  if (pinned !== undefined) {
    const object = idMapGet(objects, pinned);
    if (object !== undefined) mark(object);
  }
  while (stack.length > 0) {
    for (const ref of stack.pop()!.refs) {
      const target = idMapGet(objects, ref.id);
      if (target !== undefined && target.serial === ref.serial) mark(target);
    }
  }
  const garbage: HeapObject[] = [];
  idMapForEach(objects, (object) => {
    if (!marked.has(object.id)) garbage.push(object);
  });
  return garbage;
}
