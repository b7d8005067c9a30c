/**
 * The live objects' tally over a stream of events, from each event's outcome: live bytes (Σ of
 * the bytes the live objects asked for) and the internal waste of their blocks. The run meter
 * and the heap series both keep theirs with it.
 */
import { collectionOf } from '../collection-of.js';
import type { HeapEvent, ObjectId } from '../events.js';
import { idMapValues } from '../id-map.js';
import type { Outcome } from '../outcomes.js';
import type { HeapObject, HeapState } from '../state.js';

type Sized = Pick<HeapObject, 'bytes' | 'blocks'>;

export class LiveTally {
  private readonly blockBytes: number;
  private readonly live = new Map<ObjectId, Sized>();
  private bytes = 0;
  private rounding = 0;
  private strategy = 0;

  /** A tally that starts with `initial`'s live objects. */
  constructor(initial: HeapState) {
    this.blockBytes = initial.config.blockBytes;
    for (const object of idMapValues(initial.objects, initial.objectCount)) this.add(object.id, object);
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
    for (const object of collectionOf(outcome)?.freed ?? []) this.remove(object.id);
    if (outcome.kind === 'placed' && event.op === 'alloc') this.add(outcome.id, { bytes: event.bytes, blocks: outcome.at.blocks });
    else if (outcome.kind === 'realloc' && event.op === 'realloc') {
      this.remove(outcome.id);
      this.add(outcome.id, { bytes: event.bytes, blocks: outcome.to.blocks });
    } else if (outcome.kind === 'freed') this.remove(outcome.id);
  }

  private add(id: ObjectId, object: Sized): void {
    this.live.set(id, object);
    this.count(object, 1);
  }

  private remove(id: ObjectId): void {
    const object = this.live.get(id);
    if (object === undefined) return;
    this.live.delete(id);
    this.count(object, -1);
  }

  private count({ bytes, blocks }: Sized, sign: 1 | -1): void {
    const rounded = Math.ceil(bytes / this.blockBytes);
    this.bytes += sign * bytes;
    this.rounding += sign * (rounded * this.blockBytes - bytes);
    this.strategy += sign * (blocks - rounded) * this.blockBytes;
  }
}
