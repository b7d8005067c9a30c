/**
 * The smallest heap on which a run never fails: replays the events on heaps scaled by one factor
 * (every area's region; starts and all other settings kept) and bisects over the factor.
 *
 * Fragmentation is not monotonic in heap size: a larger heap can place objects differently and
 * fail where a smaller one did not. So the answer is the boundary bisection found between a
 * failing and a passing size, both of which were replayed; it is not a proof that every larger
 * heap passes, nor that no smaller one does.
 */
import { resolveConfig, type AreaInput, type HeapConfig, type HeapConfigInput } from '../config.js';
import { createHeap } from '../create-heap.js';
import { HeapDraft } from '../draft.js';
import { HeapInputError } from '../errors.js';
import type { HeapEvent } from '../events.js';
import { step } from '../step.js';

/** How far and how finely to search. */
export interface SmallestSafeHeapOptions {
  /** Largest factor tried before giving up. Default 64. */
  readonly maxScale?: number;
  /** Stop when passing and failing sizes are this close, in region bytes. Default one block an area. */
  readonly precisionBytes?: number;
  /** Called before each replay, with the heap it replays and how far the search is. */
  readonly onTrial?: (trial: SafeHeapTrial) => void;
  /** When the given heap passes, also search smaller heaps (down to a 64th of it, or the smallest one that can be laid out); by default the given heap is the answer then. */
  readonly below?: boolean;
}

/** A replay the search is about to run. */
export interface SafeHeapTrial {
  /** Region bytes of the heap it replays, all areas. */
  readonly bytes: number;
  /** Its blocks' bytes, all areas: what `gc_info`'s total reports for it. */
  readonly usableBytes: number;
  /** Which replay this is, from 1. */
  readonly step: number;
  /** The replays the whole search will take: an estimate (it assumes the next doubling of the heap passes), so it can grow. */
  readonly steps: number;
}

/** The smallest passing heap found. */
export interface SafeHeap {
  /** Region bytes of that heap, all areas. */
  readonly bytes: number;
  /** Its blocks' bytes, all areas: what `gc_info`'s total reports for it. */
  readonly usableBytes: number;
  /** That heap as a factor of the given one. */
  readonly scale: number;
  /** Replays run (each distinct heap is replayed once). */
  readonly replays: number;
  /** Region bytes of the largest heap seen failing; null when none failed (the given heap passed, and with `below` so did every smaller one tried). */
  readonly failingBytes: number | null;
}

/** One replayed size. */
interface Trial {
  readonly scale: number;
  readonly bytes: number;
  readonly usableBytes: number;
  readonly fails: boolean;
}

/**
 * Bisects for the smallest heap on which no request of `events` fails (a `memory-error`), from
 * the heap `input` describes up to `maxScale` times it (and, with `below`, down to a 64th of it);
 * null when even the largest fails. Areas given by
 * `bytes` scale their region bytes (rounded to whole bytes), areas given by `blocks` their block
 * count (rounded to a multiple of 4). Throws `HeapInputError` for a bad configuration, including
 * scaled regions that overlap because of fixed starts.
 */
export function smallestSafeHeap(input: HeapConfigInput, events: readonly HeapEvent[], options: SmallestSafeHeapOptions = {}): SafeHeap | null {
  const maxScale = options.maxScale ?? 64;
  if (!(maxScale >= 1)) throw new HeapInputError(`expected a factor of at least 1, got ${maxScale}`, { field: 'maxScale' });
  const base = resolveConfig(input);
  const precision = options.precisionBytes ?? base.blockBytes * base.areas.length;
  if (!(precision > 0)) throw new HeapInputError(`expected a positive number of bytes, got ${precision}`, { field: 'precisionBytes' });
  const areas: readonly AreaInput[] = input.areas ?? base.areas.map((area) => ({ bytes: area.regionBytes, start: area.regionStart }));

  const givenBytes = base.areas.reduce((sum, area) => sum + area.regionBytes, 0);
  // Bisection replays to narrow a gap of `bytes` region bytes down to the precision.
  const halvings = (bytes: number): number => (bytes > precision ? Math.ceil(Math.log2(bytes / precision)) : 0);
  const seen = new Map<string, { bytes: number; usableBytes: number; fails: boolean }>();
  /** Replays the heap scaled by `scale`; `after` is the replays the search needs after it. */
  const replay = (scale: number, after: number): Trial => {
    const scaled = areas.map((area) => scaleArea(area, scale));
    const key = JSON.stringify(scaled);
    let result = seen.get(key);
    if (result === undefined) {
      const config = resolveConfig({ ...input, areas: scaled });
      const bytes = config.areas.reduce((sum, area) => sum + area.regionBytes, 0);
      const usableBytes = config.areas.reduce((sum, area) => sum + area.blocks, 0) * config.blockBytes;
      options.onTrial?.({ bytes, usableBytes, step: seen.size + 1, steps: seen.size + 1 + after });
      result = { bytes, usableBytes, fails: fails(config, events) };
      seen.set(key, result);
    }
    return { scale, ...result };
  };

  /** `replay`, or null when a heap that small cannot be laid out (too few blocks for an area). */
  const tryReplay = (scale: number, after: number): Trial | null => {
    try {
      return replay(scale, after);
    } catch (error) {
      if (error instanceof HeapInputError) return null;
      throw error;
    }
  };

  const given = replay(1, 1 + halvings(givenBytes));
  let failing: Trial | null = given.fails ? given : null;
  let passing: Trial | null = given.fails ? null : given;
  if (passing !== null && options.below === true) {
    // Halve until a size fails (or cannot be laid out), then bisect between it and the last that passed.
    while (failing === null && passing.scale > MIN_SCALE) {
      const trial = tryReplay(passing.scale / 2, halvings((passing.scale / 2) * given.bytes));
      if (trial === null) break;
      if (trial.fails) failing = trial;
      else passing = trial;
    }
  }
  if (failing === null) return { bytes: passing!.bytes, usableBytes: passing!.usableBytes, scale: passing!.scale, replays: seen.size, failingBytes: null };
  // Double until a size passes, then bisect between the last failing and the passing size.
  while (passing === null) {
    if (failing.scale >= maxScale) return null;
    const next = Math.min(failing.scale * 2, maxScale);
    const trial = replay(next, halvings((next - failing.scale) * given.bytes));
    if (trial.fails) failing = trial;
    else passing = trial;
  }
  while ((passing.scale - failing.scale) * given.bytes > precision) {
    const trial = replay((failing.scale + passing.scale) / 2, halvings(((passing.scale - failing.scale) / 2) * given.bytes));
    if (trial.fails) failing = trial;
    else passing = trial;
  }
  return { bytes: passing.bytes, usableBytes: passing.usableBytes, scale: passing.scale, replays: seen.size, failingBytes: failing.bytes };
}

/** The smallest factor `below` tries. */
const MIN_SCALE = 1 / 64;

/** Whether a request of `events` fails on a new heap of `config` (a bare draft: nothing measured). */
function fails(config: HeapConfig, events: readonly HeapEvent[]): boolean {
  const draft = new HeapDraft(createHeap(config));
  for (const event of events) if (step(draft, event).kind === 'memory-error') return true;
  return false;
}

function scaleArea(area: AreaInput, scale: number): AreaInput {
  if ('blocks' in area) return { ...area, blocks: Math.max(4, Math.round((area.blocks * scale) / 4) * 4) };
  return { ...area, bytes: Math.round(area.bytes * scale) };
}
