/**
 * A spec's program. Objects named `atStart` are made first (step 0); then every step ends the
 * objects whose time has come, grows the objects due to grow, makes one object of a kind drawn
 * by weight — with its children, allocated unrooted and referenced from it — and collects when
 * `collect.every` says so. Before any allocation or growth the live-size cap is made room for by
 * ending the mortal objects that would die soonest; when only `forever` objects are left and
 * still no room, the run ends there, with a mark saying why. The program streams: it writes
 * events only as they are taken, so a run holds its events and its living objects, nothing more.
 */
import seedrandom from 'seedrandom';
import { HeapInputError, resolveConfig, type HeapConfigInput, type HeapEvent, type ObjectId } from '@heaplab/core';
import { Program } from '../program.js';
import { StepQueue } from '../step-queue.js';
import type { Mark, Workload, WorkloadRun } from '../workload.js';
import { draw } from './draw.js';
import { MAX_HEAP_BYTES, MAX_MARKS } from './spec-limits.js';
import { amountBytes, type Amount, type Distribution } from './spec-values.js';
import type { KindSpec, WorkloadSpec } from './workload-spec.js';

/**
 * The workload a checked spec describes; `origin` (its file) names it when it has no summary.
 * Throws `HeapInputError` (field relative to `heap`) for a heap the engine refuses, or one over
 * `MAX_HEAP_BYTES`.
 */
export function specWorkload(spec: WorkloadSpec, origin: string): Workload {
  const heap: HeapConfigInput = {
    areas: spec.heap.areas,
    ...(spec.heap.wordBytes === undefined ? {} : { wordBytes: spec.heap.wordBytes }),
    ...(spec.heap.mpyVersion === undefined ? {} : { mpyVersion: spec.heap.mpyVersion }),
  };
  const { areas } = resolveConfig(heap);
  const regionBytes = areas.reduce((sum, area) => sum + area.regionBytes, 0);
  if (regionBytes > MAX_HEAP_BYTES) {
    throw new HeapInputError(
      `expected at most ${MAX_HEAP_BYTES} bytes (${MAX_HEAP_BYTES / 2 ** 30} GiB) in all areas together (heaplab's limit), got ${regionBytes}`,
      {
        field: 'areas',
      },
    );
  }
  const heapBytes = areas.reduce((sum, area) => sum + area.poolBytes, 0);
  return {
    name: spec.name,
    summary: spec.summary ?? `user-defined workload from ${origin}`,
    heap,
    defaultLength: spec.length,
    generate: (seed, length) => firstEvents(new SpecRun(spec, heapBytes, seedrandom(`${spec.name}:${seed}`, { state: true })).items(), length),
  };
}

/** What a spec's program writes, in order: an event, or the label of a mark at that point. */
type Item = HeapEvent | string;

/** The first `length` events of a stream, and the marks among them (those right after the last one included). */
function firstEvents(items: Iterable<Item>, length: number): WorkloadRun {
  const events: HeapEvent[] = [];
  const marks: Mark[] = [];
  for (const item of items) {
    if (typeof item === 'string') marks.push({ event: events.length, label: item });
    else if (events.length === length) break;
    else events.push(item);
  }
  return { events, marks };
}

type Growth = NonNullable<KindSpec['grow']>;

/** One run of a spec's program. */
class SpecRun {
  private readonly program = new Program();
  /** The growing objects, by the step they grow next. */
  private readonly growing = new StepQueue();
  private readonly growthOf = new Map<ObjectId, Growth>();
  /** Most bytes the program may hold (Infinity without `live.max`). */
  private readonly cap: number;
  private readonly totalWeight: number;

  constructor(
    private readonly spec: WorkloadSpec,
    private readonly heapBytes: number,
    private readonly random: seedrandom.StatefulPRNG<seedrandom.State.Arc4>,
  ) {
    this.cap = spec.live === undefined ? Infinity : amountBytes(spec.live.max, heapBytes);
    this.totalWeight = spec.kinds.reduce((sum, kind) => sum + kind.weight, 0);
  }

  /** The program's events and marks, written as they are taken, until the cap ends it (else without end). */
  *items(): Generator<Item, void> {
    const { program, spec } = this;
    const threshold = spec.collect?.threshold;
    if (threshold !== undefined) yield { op: 'threshold', bytes: threshold === null ? -1 : amountBytes(threshold, this.heapBytes) };
    for (const [index, kind] of spec.kinds.entries()) {
      for (let i = 0; i < kind.atStart; i++) if (!(yield* this.make(0, index))) return;
    }
    const collectEvery = spec.collect?.every;
    const markEvery = spec.marks?.every;
    for (let step = 1; ; step++) {
      program.reap(step);
      yield* program.take();
      if (!(yield* this.grow(step)) || !(yield* this.make(step, this.pickKind()))) return;
      if (collectEvery !== undefined && step % collectEvery === 0) yield { op: 'collect' };
      if (markEvery !== undefined && step % markEvery === 0 && step / markEvery <= MAX_MARKS) {
        yield step / markEvery < MAX_MARKS ? `after step ${step}` : `after step ${step} (the last mark: a run has at most ${MAX_MARKS})`;
      }
    }
  }

  /**
   * Makes one object of kinds[index] and its children, a child at a time, each child's size drawn
   * as it is made; false when the cap leaves no room. The cap needs the family's bytes first:
   * they are drawn ahead from a copy of the generator, so no list of sizes is held.
   */
  private *make(step: number, index: number): Generator<Item, boolean> {
    const { program, random } = this;
    const kind = this.spec.kinds[index]!;
    const bytes = draw(kind.size, random);
    const lifetime = kind.lifetime === 'forever' ? Infinity : draw(kind.lifetime, random);
    const { children: family } = kind;
    const count = family === undefined ? 0 : draw(family.count, random);
    const familyBytes = family === undefined || this.cap === Infinity ? 0 : sumAhead(family.size, count, random.state());
    if (!(yield* this.makeRoom(bytes + familyBytes, `an object of kinds[${index}] and its ${count} children`))) return false;
    const id = program.alloc(step, bytes, lifetime, { longLived: kind.longLived, freed: kind.death === 'free' });
    yield* program.take();
    for (let i = 0; family !== undefined && i < count; i++) {
      program.allocChild(id, draw(family.size, random));
      yield* program.take();
    }
    if (kind.grow !== undefined) {
      this.growing.push(step + kind.grow.every, id);
      this.growthOf.set(id, kind.grow);
    }
    return true;
  }

  /** Grows the objects due at `step`, forgetting those gone or full-grown; false when the cap leaves no room. */
  private *grow(step: number): Generator<Item, boolean> {
    const { growing, program } = this;
    while ((growing.peekStep() ?? Infinity) <= step) {
      const id = growing.peekId()!;
      growing.pop();
      const growth = this.growthOf.get(id)!;
      const bytes = program.sizeOf(id);
      if (bytes === undefined || bytes >= growth.max) {
        this.growthOf.delete(id);
        continue;
      }
      const target = Math.min(growth.max, grown(bytes, growth.by));
      if (!(yield* this.makeRoom(target - bytes, `object ${id} to grow`))) return false;
      program.resize(id, target);
      yield* program.take();
      growing.push(step + growth.every, id);
    }
    return true;
  }

  /** Ends mortal objects, soonest death first, until `bytes` more fit under the cap; else marks why the run ends, and is false. */
  private *makeRoom(bytes: number, what: string): Generator<Item, boolean> {
    const { program } = this;
    while (program.liveBytes + bytes > this.cap) {
      if (!program.reapEarliest()) {
        yield* program.take();
        yield `live.max: no room under ${this.cap} bytes for ${what} (${bytes} bytes) beside ${program.liveBytes} bytes that never die; the run ends`;
        return false;
      }
    }
    yield* program.take();
    return true;
  }

  /** A kind index drawn by weight. */
  private pickKind(): number {
    const { kinds } = this.spec;
    let left = this.random() * this.totalWeight;
    for (let i = 0; i < kinds.length; i++) {
      left -= kinds[i]!.weight;
      if (left < 0) return i;
    }
    return kinds.findLastIndex((kind) => kind.weight > 0);
  }
}

/** The sum of `count` draws from `distribution` by a generator resumed from `state` (the caller's own is left as it was). */
function sumAhead(distribution: Distribution, count: number, state: seedrandom.State.Arc4): number {
  const copy = seedrandom('', { state });
  let sum = 0;
  for (let i = 0; i < count; i++) sum += draw(distribution, copy);
  return sum;
}

function grown(bytes: number, by: Amount): number {
  return 'bytes' in by ? bytes + by.bytes : Math.ceil(bytes * (1 + by.percent / 100));
}
