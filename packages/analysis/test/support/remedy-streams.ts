/**
 * Event streams built to show what a remedy fixes, for the remedy tests. Each ends in its first
 * failed request (see `stream-builder.ts`), unless a tail is added after it: a recording goes on
 * past its first failure (a workload runs to its length), and a remedy must survive that too.
 */
import type { HeapEvent } from '@heaplab/core';
import { StreamBuilder, type BuiltStream } from './stream-builder.js';

/** `stream` with `tail` after its failed request. */
export function withTail(stream: BuiltStream, tail: readonly HeapEvent[]): BuiltStream {
  return { ...stream, events: [...stream.events, ...tail] };
}

/**
 * Small long-lived objects allocated between large buffers, on a 1024-block heap (and, with
 * `smallArea`, a second area of 256 blocks after it): buffers of 200, 210, 220 and 230 blocks
 * are made one after another, each followed by a 1-block object that is kept, and then freed,
 * so the kept objects end up between 200-block holes. After `churn` (300) small temporaries, a
 * request of 500 blocks fails although 1020 blocks are free.
 */
export function pinsBetweenBuffers(options: { readonly smallArea?: boolean; readonly churn?: number } = {}): BuiltStream {
  const builder = new StreamBuilder({ areas: options.smallArea === true ? [{ blocks: 1024 }, { blocks: 256 }] : [{ blocks: 1024 }] });
  const buffers = [200, 210, 220, 230].map((blocks) => {
    const buffer = builder.alloc(blocks * 16)!;
    builder.alloc(16);
    return buffer;
  });
  for (const buffer of buffers) builder.free(buffer);
  for (let k = 0; k < (options.churn ?? 300); k++) builder.free(builder.alloc(16 + (k % 4) * 16)!);
  builder.alloc(500 * 16);
  return builder.built();
}

/**
 * Garbage the collector is kept from (`gc.disable()`) on a 1024-block heap: each step a
 * 256-byte temporary is dropped at once, and every 8th step a 4000-byte buffer comes and goes.
 * The garbage fills the heap until a buffer finds no room.
 */
export function disabledCollector(): BuiltStream {
  const builder = new StreamBuilder({ areas: [{ blocks: 1024 }] });
  builder.control('disable');
  for (let k = 0; !builder.failed; k++) {
    const temporary = builder.alloc(256);
    if (temporary === null) break;
    builder.unroot(temporary);
    if (k % 8 !== 7) continue;
    const buffer = builder.alloc(4000);
    if (buffer !== null) builder.free(buffer);
  }
  return builder.built();
}

/**
 * Garbage and kept objects interleaved on a 1024-block heap run by the collector: each step a
 * 512-byte temporary is dropped at once and a 16-byte object is kept. The collector runs only
 * when the heap is full, so the kept objects end up spread between 32-block holes; after
 * `steps` (200) steps a request of 300 blocks fails.
 */
export function interleavedGarbage(steps = 200): BuiltStream {
  const builder = new StreamBuilder({ areas: [{ blocks: 1024 }] });
  for (let k = 0; k < steps; k++) {
    builder.unroot(builder.alloc(512)!);
    builder.alloc(16);
  }
  builder.alloc(300 * 16);
  return builder.built();
}
