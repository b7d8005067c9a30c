/**
 * Writing an event stream while the engine runs it: a builder knows where its objects landed and
 * stops at the first failed request, which is the stream's last event.
 */
import {
  createHeap,
  openDraft,
  resolveConfig,
  type EngineDraft,
  type HeapConfig,
  type HeapConfigInput,
  type HeapEvent,
  type ObjectId,
  type Outcome,
} from '@heaplab/core';

/** A label in force from the heap after `event` events (as `diagnoseFailure` takes them). */
export interface StreamMark {
  readonly event: number;
  readonly label: string;
}

/** What a builder made: the heap, the events (the last one fails) and any marks. */
export interface BuiltStream {
  readonly config: HeapConfig;
  readonly events: readonly HeapEvent[];
  readonly marks: readonly StreamMark[];
}

export class StreamBuilder {
  readonly config: HeapConfig;
  readonly events: HeapEvent[] = [];
  readonly marks: StreamMark[] = [];
  /** Set by the first request that fails; nothing is added after it. */
  failed = false;
  private readonly draft: EngineDraft;
  private nextId = 0;

  constructor(config: HeapConfigInput) {
    this.config = resolveConfig(config);
    this.draft = openDraft(createHeap(this.config));
  }

  /** Allocates `bytes` (rooted unless told); the id, or null when the request failed. */
  alloc(bytes: number, options: { readonly root?: boolean; readonly at?: { area: number; block: number } } = {}): ObjectId | null {
    const id = this.nextId++;
    const outcome = this.apply({ op: 'alloc', id, bytes, ...options });
    return outcome.kind === 'placed' ? id : null;
  }

  /** Grows or shrinks `id` (moving it if it must); false when the request failed. */
  realloc(id: ObjectId, bytes: number): boolean {
    return this.apply({ op: 'realloc', id, bytes, move: true }).kind !== 'memory-error';
  }

  free(id: ObjectId): void {
    this.apply({ op: 'free', id });
  }

  unroot(id: ObjectId): void {
    this.apply({ op: 'unroot', id });
  }

  /** `gc.disable()`, `gc.enable()` and the like. */
  control(op: 'enable' | 'disable' | 'lock' | 'unlock'): void {
    this.apply({ op });
  }

  /** A mark in force from the heap after the events so far. */
  mark(label: string): void {
    this.marks.push({ event: this.events.length, label });
  }

  built(): BuiltStream {
    if (!this.failed) throw new Error('the stream never failed');
    return { config: this.config, events: this.events, marks: this.marks };
  }

  private apply(event: HeapEvent): Outcome {
    if (this.failed) throw new Error('the stream failed already');
    const outcome = this.draft.apply(event);
    if (outcome.kind === 'rejected') throw new Error(`rejected ${JSON.stringify(event)}: ${outcome.message}`);
    this.events.push(event);
    if (outcome.kind === 'memory-error') this.failed = true;
    return outcome;
  }
}
