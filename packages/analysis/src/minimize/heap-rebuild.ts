/**
 * Rebuilding the heap a request failed in, from an empty heap, with its live objects (or some
 * of them), each where it was, and the strategy deciding every placement as it does for any
 * program.
 *
 * Areas are filled one at a time, in registration order, each in address order: before every
 * object a filler takes the free blocks up to it, so the object lands in the lowest free
 * blocks, where it was; an area before the last one filled is filled to its end, so that
 * nothing lands there later. Fillers are garbage (`root: false`): the collection the failing
 * request runs frees them, and it meets the rebuilt objects with free space everywhere else.
 * When the area policy does not try areas in registration order, a garbage blocker first takes
 * each whole area and is freed when its area is filled, so every placement has only one area
 * to go to.
 *
 * Every placement is checked: a rebuild whose object or filler lands anywhere else fails
 * (null), as one the strategy does not allow this way does (a filler size it rounds up, a
 * long-lived object it puts at the top).
 */
import { createHeap, openDraft, strategyFor, type EngineDraft, type HeapEvent, type HeapObject, type ObjectId } from '@heaplab/core';
import type { FailureLayout } from './failure-layout.js';

export interface RebuildOptions {
  /** Where to write the events the rebuild makes. */
  readonly events?: HeapEvent[];
  /** Objects (indices into the layout's objects) to allocate as garbage, in their place. */
  readonly garbage?: ReadonlySet<number>;
}

/** How a rebuild fills the heap for one layout. */
export class HeapRebuild {
  private readonly blockBytes: number;
  private readonly blocksFor: (blocks: number) => number;

  constructor(readonly layout: FailureLayout) {
    this.blockBytes = layout.config.blockBytes;
    const strategy = strategyFor(layout.config);
    this.blocksFor = (blocks) => strategy.blocksFor(blocks);
  }

  /** The heap with the objects at `indices` (ascending) placed, or null when one lands elsewhere. */
  build(indices: readonly number[], options: RebuildOptions = {}): RebuildWalk | null {
    const walk = new RebuildWalk(this, options);
    return walk.block() && indices.every((index) => walk.step(index)) ? walk : null;
  }

  /** The largest filler of at most `blocks` blocks that takes exactly its blocks. */
  piece(blocks: number): number {
    let size = blocks;
    while (size > 1 && this.blocksFor(size) !== size) size--;
    return size;
  }

  /** A filler's event: garbage of `blocks` blocks. */
  filler(id: ObjectId, blocks: number): HeapEvent {
    return { op: 'alloc', id, bytes: blocks * this.blockBytes, root: false };
  }
}

/** A rebuild under way, on a draft of its own. */
export class RebuildWalk {
  readonly draft: EngineDraft;
  /** The area being filled, or -1 before the first object. */
  private area = -1;
  /** The first block of that area not filled yet. */
  private cursor = 0;
  /** The id the next filler gets. */
  private nextId: ObjectId;
  /** The blocker of each area, when areas need blockers. */
  private readonly blockers: ObjectId[] = [];

  constructor(
    private readonly rebuild: HeapRebuild,
    private readonly options: RebuildOptions,
  ) {
    this.draft = openDraft(createHeap(rebuild.layout.config));
    this.nextId = rebuild.layout.firstFreeId;
  }

  /** Blocks every area when the area policy does not try them in registration order; false when a blocker lands elsewhere. */
  block(): boolean {
    const { config } = this.rebuild.layout;
    if (config.areas.length === 1 || config.areaPolicy.kind === 'in-order') return true;
    // Largest first: the largest area left is then the only one a blocker of its size fits.
    const bySize = config.areas.map((area) => area.index).sort((a, b) => config.areas[b]!.blocks - config.areas[a]!.blocks || a - b);
    for (const index of bySize) {
      const blocks = config.areas[index]!.blocks;
      const event = this.rebuild.filler(this.nextId, blocks);
      const outcome = this.draft.apply(event);
      if (outcome.kind !== 'placed' || outcome.collection !== null || outcome.at.block !== 0 || outcome.at.blocks !== blocks) return false;
      this.blockers[outcome.at.area] = this.nextId++;
      this.options.events?.push(event);
    }
    return true;
  }

  /** Places object `index` of the layout where it was; false when it (or a filler) lands elsewhere. */
  step(index: number): boolean {
    const { layout } = this.rebuild;
    const object = layout.objects[index]!;
    while (object.area !== this.area) {
      if (this.area >= 0 && !this.fill(layout.config.areas[this.area]!.blocks)) return false;
      // A blocked area waits for its objects; an area left free would take the next placements.
      this.area = this.blockers.length > 0 ? object.area : this.area + 1;
      this.cursor = 0;
      const blocker = this.blockers[this.area];
      if (blocker !== undefined && !this.apply({ op: 'free', id: blocker })) return false;
    }
    if (!this.fill(object.block) || !this.allocate(object, index)) return false;
    this.cursor = object.block + object.blocks;
    return true;
  }

  /**
   * Fills the rest of the open area with garbage. A realloc tries to grow in place before it
   * collects, so this leaves every block a realloc's reproducer does not hold alike: garbage.
   */
  close(): boolean {
    return this.area < 0 || this.fill(this.rebuild.layout.config.areas[this.area]!.blocks);
  }

  /** Fills the open area with garbage from the cursor to block `to`; false if a piece lands elsewhere. */
  private fill(to: number): boolean {
    while (this.cursor < to) {
      const blocks = this.rebuild.piece(to - this.cursor);
      const event = this.rebuild.filler(this.nextId, blocks);
      const outcome = this.draft.apply(event);
      if (outcome.kind !== 'placed' || outcome.collection !== null || outcome.at.area !== this.area || outcome.at.block !== this.cursor) return false;
      this.options.events?.push(event);
      this.cursor += blocks;
      this.nextId++;
    }
    return true;
  }

  /** Allocates object `index` again: its id, size, finaliser flag and kind; true when it lands where it was. */
  private allocate(object: HeapObject, index: number): boolean {
    const target = index === this.rebuild.layout.target;
    const event: HeapEvent = {
      op: 'alloc',
      id: object.id,
      bytes: object.bytes,
      ...(object.fin ? { fin: true } : {}),
      ...(this.options.garbage?.has(index) === true ? { root: false } : {}),
      ...(object.kind === 'h' ? {} : { kind: object.kind }),
      // Long-lived matters only to where the failed realloc's copy would go.
      ...(object.longLived && target ? { longLived: true } : {}),
    };
    const outcome = this.draft.apply(event);
    if (outcome.kind !== 'placed' || outcome.collection !== null) return false;
    const { at } = outcome;
    if (at.area !== object.area || at.block !== object.block || at.blocks !== object.blocks) return false;
    this.options.events?.push(event);
    return true;
  }

  private apply(event: HeapEvent): boolean {
    if (this.draft.apply(event).kind === 'rejected') return false;
    this.options.events?.push(event);
    return true;
  }
}
