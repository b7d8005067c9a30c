/**
 * The built-in demo: a sensor logger on a 16 KiB MicroPython heap (v1.27, 32-bit).
 *
 * Each loop iteration keeps a small reading in a history list (the newest 60 stay reachable)
 * and makes a temporary string that is garbage at once; the list's storage grows by realloc;
 * every 16th iteration keeps a summary for good. Collections free the temporaries, but the
 * summaries stay where they were made, scattered over the whole heap, so at the end a 3 KiB
 * upload buffer cannot be found although far more than that is free.
 * The `preallocate` variant allocates that buffer once at boot, as the MicroPython docs advise.
 */
import seedrandom from 'seedrandom';
import { DEFAULT_MPY_VERSION, type HeapConfigInput, type HeapEvent } from '@heaplab/core';

/** The heap the scenario runs on. */
export const DEMO_CONFIG: HeapConfigInput = { mpyVersion: DEFAULT_MPY_VERSION, areas: [{ bytes: 16 * 1024 }] };

/** Seed of the scenario's random sizes (part of its input, printed with it). */
export const DEMO_SEED = 'heaplab-demo';

/** Bytes of the upload buffer requested at the end. */
export const UPLOAD_BYTES = 3072;

/** Loop iterations before the upload. */
const ITERATIONS = 240;
/** Readings kept reachable in the history list. */
const HISTORY = 60;

export interface DemoScenario {
  readonly events: readonly HeapEvent[];
  /** Id of the upload buffer's allocation (the request that fails without pre-allocation). */
  readonly uploadId: number;
}

/** The scenario's events; `preallocate` moves the upload buffer to boot time. */
export function demoScenario(preallocate: boolean): DemoScenario {
  const random = seedrandom(DEMO_SEED);
  const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const events: HeapEvent[] = [];
  let nextId = 0;
  const alloc = (bytes: number, extra: Omit<Extract<HeapEvent, { op: 'alloc' }>, 'op' | 'id' | 'bytes'> = {}): number => {
    const id = nextId++;
    events.push({ op: 'alloc', id, bytes, ...extra });
    return id;
  };

  // Boot: modules, dicts and functions the script keeps for its whole life.
  for (let i = 0; i < 30; i++) alloc(between(16, 96), { kind: i % 3 === 0 ? 'D' : i % 3 === 1 ? 'B' : 'h', longLived: true });
  const uploadId = preallocate ? alloc(UPLOAD_BYTES, { kind: 'A', longLived: true }) : -1;
  const listHeader = alloc(16, { kind: 'L', longLived: true });
  const storage = alloc(16, { root: false });
  events.push({ op: 'ref', from: listHeader, to: storage });
  let capacity = 4;
  const readings: number[] = [];

  for (let i = 0; i < ITERATIONS; i++) {
    const reading = alloc(between(17, 40), { kind: 'T', root: false });
    events.push({ op: 'ref', from: storage, to: reading });
    readings.push(reading);
    const text = alloc(between(20, 90), { kind: 'S' });
    events.push({ op: 'unroot', id: text });
    if (readings.length > HISTORY) events.push({ op: 'unref', from: storage, to: readings.shift()! });
    // Every 16th iteration a summary is kept for good: long-lived objects made in the middle of
    // the run land wherever the allocator happens to be, and pin the heap there.
    if (i % 16 === 15) alloc(between(48, 128), { kind: 'D', longLived: true });
    if (readings.length > capacity) {
      capacity += 4;
      events.push({ op: 'realloc', id: storage, bytes: capacity * 4, move: true });
    }
  }

  const upload = preallocate ? uploadId : alloc(UPLOAD_BYTES, { kind: 'A' });
  return { events, uploadId: upload };
}
