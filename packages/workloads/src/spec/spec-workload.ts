/**
 * A spec's program. Objects named `atStart` are made first (step 0); then every step ends the
 * objects whose time has come, grows the objects due to grow, makes one object of a kind drawn
 * by weight — with its children, allocated unrooted and referenced from it — and collects when
 * `collect.every` says so. Before any allocation or growth the live-size cap is made room for by
 * ending the mortal objects that would die soonest; when only `forever` objects are left and
 * still no room, the run ends there, with a mark saying why.
 */
import seedrandom from 'seedrandom';
import { resolveConfig, type HeapConfigInput, type ObjectId } from '@heaplab/core';
import { Program } from '../program.js';
import type { Workload, WorkloadRun } from '../workload.js';
import { draw } from './draw.js';
import { amountBytes, type Amount } from './spec-values.js';
import type { KindSpec, WorkloadSpec } from './workload-spec.js';

/**
 * The workload a checked spec describes; `origin` (its file) names it when it has no summary.
 * Throws the engine's `HeapInputError` (field relative to `heap`) for a heap it refuses.
 */
export function specWorkload(spec: WorkloadSpec, origin: string): Workload {
  const heap: HeapConfigInput = {
    areas: spec.heap.areas,
    ...(spec.heap.wordBytes === undefined ? {} : { wordBytes: spec.heap.wordBytes }),
    ...(spec.heap.mpyVersion === undefined ? {} : { mpyVersion: spec.heap.mpyVersion }),
  };
  const heapBytes = resolveConfig(heap).areas.reduce((sum, area) => sum + area.poolBytes, 0);
  return {
    name: spec.name,
    summary: spec.summary ?? `user-defined workload from ${origin}`,
    heap,
    defaultLength: spec.length,
    generate: (seed, length) => new SpecRun(spec, heapBytes, seedrandom(`${spec.name}:${seed}`)).run(length),
  };
}

/** An object that grows: when it grows next, and how. */
interface Growing {
  readonly id: ObjectId;
  readonly next: number;
  readonly grow: NonNullable<KindSpec['grow']>;
}

/** One run of a spec's program. */
class SpecRun {
  private readonly program = new Program();
  private growing: Growing[] = [];
  /** Most bytes the program may hold (Infinity without `live.max`). */
  private readonly cap: number;
  private readonly totalWeight: number;

  constructor(
    private readonly spec: WorkloadSpec,
    private readonly heapBytes: number,
    private readonly random: () => number,
  ) {
    this.cap = spec.live === undefined ? Infinity : amountBytes(spec.live.max, heapBytes);
    this.totalWeight = spec.kinds.reduce((sum, kind) => sum + kind.weight, 0);
  }

  run(length: number): WorkloadRun {
    this.write(length);
    return this.program.run(length);
  }

  private write(length: number): void {
    const { program, spec } = this;
    const threshold = spec.collect?.threshold;
    if (threshold !== undefined) program.events.push({ op: 'threshold', bytes: threshold === null ? -1 : amountBytes(threshold, this.heapBytes) });
    for (const [index, kind] of spec.kinds.entries()) {
      for (let i = 0; i < kind.atStart; i++) if (!this.make(0, index)) return;
    }
    const collectEvery = spec.collect?.every;
    const markEvery = spec.marks?.every;
    for (let step = 1; program.events.length < length; step++) {
      program.reap(step);
      if (!this.grow(step) || !this.make(step, this.pickKind())) return;
      if (collectEvery !== undefined && step % collectEvery === 0) program.events.push({ op: 'collect' });
      if (markEvery !== undefined && step % markEvery === 0) program.mark(`after step ${step}`);
    }
  }

  /** Makes one object of kinds[index] and its children; false when the cap leaves no room. */
  private make(step: number, index: number): boolean {
    const kind = this.spec.kinds[index]!;
    const bytes = draw(kind.size, this.random);
    const lifetime = kind.lifetime === 'forever' ? Infinity : draw(kind.lifetime, this.random);
    const { children: family } = kind;
    const children = family === undefined ? [] : Array.from({ length: draw(family.count, this.random) }, () => draw(family.size, this.random));
    if (
      !this.makeRoom(
        children.reduce((sum, b) => sum + b, bytes),
        `an object of kinds[${index}] and its ${children.length} children`,
      )
    )
      return false;
    const id = this.program.alloc(step, bytes, lifetime, { longLived: kind.longLived, freed: kind.death === 'free', children });
    if (kind.grow !== undefined) this.growing.push({ id, next: step + kind.grow.every, grow: kind.grow });
    return true;
  }

  /** Grows the objects due at `step`, dropping those gone or full-grown; false when the cap leaves no room. */
  private grow(step: number): boolean {
    const still: Growing[] = [];
    for (const growing of this.growing) {
      if (growing.next > step) {
        still.push(growing);
        continue;
      }
      const bytes = this.program.sizeOf(growing.id);
      if (bytes === undefined || bytes >= growing.grow.max) continue;
      const target = Math.min(growing.grow.max, grown(bytes, growing.grow.by));
      if (!this.makeRoom(target - bytes, `object ${growing.id} to grow`)) return false;
      this.program.resize(growing.id, target);
      still.push({ ...growing, next: growing.next + growing.grow.every });
    }
    this.growing = still;
    return true;
  }

  /** Ends mortal objects, soonest death first, until `bytes` more fit under the cap. */
  private makeRoom(bytes: number, what: string): boolean {
    while (this.program.liveBytes + bytes > this.cap) {
      if (!this.program.reapEarliest()) {
        this.program.mark(
          `live.max: no room under ${this.cap} bytes for ${what} (${bytes} bytes) beside ${this.program.liveBytes} bytes that never die; the run ends`,
        );
        return false;
      }
    }
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

function grown(bytes: number, by: Amount): number {
  return 'bytes' in by ? bytes + by.bytes : Math.ceil(bytes * (1 + by.percent / 100));
}
