/**
 * The live objects' tally over a stream of events, from each event's outcome: live bytes (Σ of
 * the bytes the live objects asked for) and the internal waste of their blocks. The run meter
 * and the heap series both keep theirs with it.
 */
import { collectionOf } from '../collection-of.js';
import type { HeapEvent, ObjectId } from '../events.js';
import { idMapValues } from '../id-map.js';
import type { Outcome } from '../outcomes.js';
import type { HeapState } from '../state.js';

export class LiveTally {
  private readonly blockBytes: number;
  /** Each live object's requested bytes (its blocks come with the outcome that ends it). */
  private readonly live = new Map<ObjectId, number>();
  private bytes = 0;
  private rounding = 0;
  private strategy = 0;

  /** A tally that starts with `initial`'s live objects. */
  constructor(initial: HeapState) {
    this.blockBytes = initial.config.blockBytes;
    for (const object of idMapValues(initial.objects, initial.objectCount)) this.add(object.id, object.bytes, object.blocks);
  }

  /** Σ of the live objects' requested bytes. */
  get liveBytes(): number {
    return this.bytes;
  }

  /** Requests rounded up to whole blocks: Σ(⌈bytes/B⌉·B − bytes) over the live objects. */
  get roundingWaste(): number {
    return this.rounding;
  }

  /** Blocks the strategy added on top: Σ(blocks − ⌈bytes/B⌉)·B over the live objects. */
  get strategyWaste(): number {
    return this.strategy;
  }

  /** Takes in one event and its outcome. */
  observe(event: HeapEvent, outcome: Outcome): void {
    const collection = collectionOf(outcome);
    if (collection !== null) for (const object of collection.freed) this.remove(object.id, object.blocks);
    if (outcome.kind === 'placed' && event.op === 'alloc') this.add(outcome.id, event.bytes, outcome.at.blocks);
    else if (outcome.kind === 'realloc' && event.op === 'realloc') {
      this.remove(outcome.id, outcome.from.blocks);
      this.add(outcome.id, event.bytes, outcome.to.blocks);
    } else if (outcome.kind === 'freed') this.remove(outcome.id, outcome.at.blocks);
  }

  private add(id: ObjectId, bytes: number, blocks: number): void {
    this.live.set(id, bytes);
    this.count(bytes, blocks, 1);
  }

  private remove(id: ObjectId, blocks: number): void {
    const bytes = this.live.get(id);
    if (bytes === undefined) return;
    this.live.delete(id);
    this.count(bytes, blocks, -1);
  }

  private count(bytes: number, blocks: number, sign: 1 | -1): void {
    const rounded = Math.ceil(bytes / this.blockBytes);
    this.bytes += sign * bytes;
    this.rounding += sign * (rounded * this.blockBytes - bytes);
    this.strategy += sign * (blocks - rounded) * this.blockBytes;
  }
}
