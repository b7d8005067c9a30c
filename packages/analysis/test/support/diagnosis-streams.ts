/**
 * Event streams built to show one cause of a failure each (or none, or a mixture), for the
 * diagnosis tests. Deterministic: random sizes come from a seeded generator. Every stream ends in
 * its first failed request.
 */
import seedrandom from 'seedrandom';
import type { ObjectId } from '@heaplab/core';
import { StreamBuilder, type BuiltStream } from './stream-builder.js';

/** Sizes of a buffer series: the k-th buffer's bytes (k from 0). */
export type SeriesSizes = (k: number, random: () => number) => number;

/** A whole number from `low` to `high`. */
function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/**
 * A buffer series among noise on a 2000-block heap: each step allocates the step's buffer and
 * frees it, around one to three small temporaries (16–200 bytes, freed within a few steps); every
 * `noiseEvery` (8) steps a long-lived object of random size (64–`noiseMax` bytes) is kept for good.
 * Runs until a request fails.
 */
export function bufferSeries(seed: number, sizes: SeriesSizes, options: { readonly noiseEvery?: number; readonly noiseMax?: number } = {}): BuiltStream {
  const random = seedrandom(`buffer-series:${seed}`);
  const builder = new StreamBuilder({ areas: [{ blocks: 2000 }] });
  const noiseEvery = options.noiseEvery ?? 8;
  const noiseMax = options.noiseMax ?? 2400;
  const temporaries: ObjectId[] = [];
  for (let k = 0; !builder.failed; k++) {
    for (let t = between(random, 1, 3); t > 0 && !builder.failed; t--) {
      const id = builder.alloc(between(random, 16, 200));
      if (id !== null) temporaries.push(id);
    }
    if (builder.failed) break;
    if (k % noiseEvery === 0 && builder.alloc(between(random, 64, noiseMax)) === null) break;
    const buffer = builder.alloc(sizes(k, random));
    if (buffer === null) break;
    builder.free(buffer);
    while (temporaries.length > 2) builder.free(temporaries.shift()!);
  }
  return builder.built();
}

/**
 * A leak on a 4096-block heap run by the collector: each step makes a 256-byte temporary and drops
 * it (garbage until a collection), and every other step keeps a 48-byte object for good. With
 * `cap`, the oldest kept object is dropped once `cap` are kept (a stable live size), and the run
 * ends with a request of `finalBytes`.
 */
export function leak(options: { readonly cap?: number; readonly finalBytes?: number; readonly marksEvery?: number } = {}): BuiltStream {
  const builder = new StreamBuilder({ areas: [{ blocks: 4096 }] });
  const kept: ObjectId[] = [];
  for (let k = 0; !builder.failed; k++) {
    if (options.marksEvery !== undefined && k % options.marksEvery === 0) builder.mark(`step ${k}`);
    if (options.cap !== undefined && k === 4000) {
      builder.alloc(options.finalBytes ?? 60_000);
      break;
    }
    const temporary = builder.alloc(256);
    if (temporary === null) break;
    builder.unroot(temporary);
    if (k % 2 === 1) {
      const id = builder.alloc(48);
      if (id === null) break;
      kept.push(id);
      if (options.cap !== undefined && kept.length > options.cap) builder.unroot(kept.shift()!);
    }
  }
  return builder.built();
}

/**
 * Pins between holes on a 1024-block heap: `holes` spacers of `holeBlocks` blocks, each followed
 * by a 1-block pin, the rest of the heap but its last 20 blocks filled by a long-lived object;
 * the spacers are freed,
 * `churn` steps of small temporaries follow, and then a request of `requestBlocks` blocks. With
 * `youngPins`, the pins are placed (at the same blocks) only after the churn; with `pinBlocks`,
 * the pins are that long. With `growFrom`, the last request is instead a series of buffers from
 * `growFrom` bytes, 16 bytes more each step, each freed after a 1-block temporary came and went.
 */
export function pinnedHoles(
  options: {
    readonly holes?: number;
    readonly holeBlocks?: number;
    readonly requestBlocks?: number;
    readonly churn?: number;
    readonly youngPins?: boolean;
    readonly pinBlocks?: number;
    readonly growFrom?: number;
  } = {},
): BuiltStream {
  const { holes = 6, holeBlocks = 100, requestBlocks = 250, churn = 300, youngPins = false, pinBlocks = 1, growFrom } = options;
  const random = seedrandom('pinned-holes');
  const builder = new StreamBuilder({ areas: [{ blocks: 1024 }] });
  const stride = holeBlocks + pinBlocks;
  const spacers: ObjectId[] = [];
  const pinAt = (i: number) => builder.alloc(pinBlocks * 16, { at: { area: 0, block: i * stride + holeBlocks } });
  for (let i = 0; i < holes; i++) {
    spacers.push(builder.alloc(holeBlocks * 16, { at: { area: 0, block: i * stride } })!);
    if (!youngPins) pinAt(i);
  }
  builder.alloc((1024 - holes * stride - 20) * 16, { at: { area: 0, block: holes * stride } });
  if (!youngPins) for (const spacer of spacers) builder.free(spacer);
  for (let k = 0; k < churn; k++) builder.free(builder.alloc(between(random, 16, 64))!);
  if (youngPins) {
    for (const spacer of spacers) builder.free(spacer);
    for (let i = 0; i < holes; i++) pinAt(i);
  }
  if (growFrom === undefined) builder.alloc(requestBlocks * 16);
  for (let size = growFrom ?? 0; !builder.failed; size += 16) {
    const buffer = builder.alloc(size);
    if (buffer === null) break;
    builder.free(builder.alloc(16)!);
    builder.free(buffer);
  }
  return builder.built();
}

/**
 * Large temporaries on a 1024-block heap above 40 small long-lived objects: `steps` steps of a
 * 150–200-block temporary held 1–6 events (at most `overlap` at once: the oldest goes when one
 * more comes), then a burst of five 180-block temporaries of which the 2nd and 4th are freed,
 * and a 250-block request.
 */
export function transientBurst(overlap = 2, steps = 200): BuiltStream {
  const random = seedrandom('transient-burst');
  const builder = new StreamBuilder({ areas: [{ blocks: 1024 }] });
  for (let i = 0; i < 40; i++) builder.alloc(between(random, 16, 32));
  const open: { id: ObjectId; until: number }[] = [];
  for (let k = 0; k < steps; k++) {
    if (open.length === overlap) builder.free(open.shift()!.id);
    open.push({ id: builder.alloc(between(random, 150, 200) * 16)!, until: builder.events.length + between(random, 1, 6) });
    for (let small = between(random, 1, 4); small > 0; small--) builder.free(builder.alloc(between(random, 16, 48))!);
    const now = builder.events.length;
    // With more overlap allowed, temporaries stay until pushed out.
    for (const t of open.filter((o) => o.until <= now && overlap <= 2)) builder.free(t.id);
    open.splice(0, open.length, ...open.filter((o) => o.until > now || overlap > 2));
  }
  for (const t of open) builder.free(t.id);
  const burst = [0, 1, 2, 3, 4].map(() => builder.alloc(180 * 16)!);
  builder.free(burst[1]!);
  builder.free(burst[3]!);
  builder.alloc(250 * 16);
  return builder.built();
}

/** A plain heap too small: 12 kept 256-byte objects on a 256-block heap, then a 1600-byte request. */
export function tooSmall(): BuiltStream {
  const builder = new StreamBuilder({ areas: [{ blocks: 256 }] });
  for (let i = 0; i < 12; i++) builder.alloc(256);
  builder.alloc(1600);
  return builder.built();
}

/**
 * A list that grows by reallocation on a 2000-block heap: each step the list grows by 32 bytes
 * (moving when it must), a small temporary comes and goes, and every 8th step a long-lived object
 * of random size (64–800 bytes) is kept. Ends when a request fails.
 */
export function growingList(seed: number): BuiltStream {
  const random = seedrandom(`growing-list:${seed}`);
  const builder = new StreamBuilder({ areas: [{ blocks: 2000 }] });
  const list = builder.alloc(64)!;
  for (let k = 1, size = 64; !builder.failed; k++) {
    size += 32;
    if (!builder.realloc(list, size)) break;
    const temporary = builder.alloc(between(random, 16, 100));
    if (temporary === null) break;
    builder.free(temporary);
    if (k % 8 === 0) builder.alloc(between(random, 64, 800));
  }
  return builder.built();
}

/**
 * Two stages a step on a 2000-block heap, each under its mark: "frame" allocates a buffer of
 * 1000 + 64k bytes at step k and frees it; "scan" allocates one of random size (800–2400 bytes)
 * and frees it. Ends when a request fails (a frame buffer larger than the heap).
 */
export function stagedSeries(seed: number): BuiltStream {
  const random = seedrandom(`staged-series:${seed}`);
  const builder = new StreamBuilder({ areas: [{ blocks: 2000 }] });
  for (let k = 0; !builder.failed; k++) {
    builder.mark('frame');
    const frame = builder.alloc(1000 + 64 * k);
    if (frame === null) break;
    builder.free(frame);
    builder.mark('scan');
    builder.free(builder.alloc(between(random, 800, 2400))!);
  }
  return builder.built();
}
