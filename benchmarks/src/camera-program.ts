/**
 * The camera script of issue 15, as a device program (see `deviceProgram` of @heaplab/workloads):
 * every frame allocates a frame buffer 8 bytes longer than the last one (4,008 bytes at first),
 * makes a few dozen small temporaries while it works on the frame, and drops them all; now and
 * then, during the first frames, it keeps a small object for good (about 40 in all, of random
 * sizes), and those scatter over the heap. Nothing calls gc.collect(): collections run when a
 * search fails. The growth has no bound, so the program ends in a MemoryError on any heap; with
 * the default 128 KiB heap and seed the trace is 386,690 lines long by then.
 */
import type { DumpKind, HeapEvent, ObjectId, Outcome } from '@heaplab/core';
import { type DeviceProgram, pickInt } from '@heaplab/workloads';
import seedrandom from 'seedrandom';

/** The first frame buffer's size and its growth per frame. */
const FIRST_FRAME_BYTES = 4008;
const GROWTH_BYTES = 8;
/** Long-lived objects kept during the first frames, and when to stop keeping them. */
const KEPT_OBJECTS = 40;
const KEEPING_FRAMES = 400;
/** Temporaries per frame, from and to. */
const TEMPS_MIN = 68;
const TEMPS_MAX = 124;

/** Starts the camera program `seed`. The same seed gives the same program. */
export function cameraProgram(seed: string): DeviceProgram {
  return run(seedrandom(seed));
}

function* run(random: () => number): DeviceProgram {
  let nextId = 0;
  let kept = 0;
  function* emit(event: HeapEvent): Generator<HeapEvent, Outcome, Outcome> {
    const outcome = yield event;
    if (outcome.kind === 'rejected') throw new Error(`camera program: ${outcome.message}`);
    return outcome;
  }
  /** Allocates an object; its id when it was placed. */
  function* alloc(bytes: number, kind: DumpKind): Generator<HeapEvent, ObjectId | null, Outcome> {
    const id = nextId++;
    const outcome = yield* emit({ op: 'alloc', id, bytes, kind });
    return outcome.kind === 'placed' ? id : null;
  }
  for (let frame = 0; ; frame++) {
    const buffer = yield* alloc(FIRST_FRAME_BYTES + GROWTH_BYTES * frame, 'A');
    const temps: ObjectId[] = [];
    const count = pickInt(TEMPS_MIN, TEMPS_MAX, random);
    for (let i = 0; i < count; i++) {
      const temp = yield* alloc(pickInt(1, 64, random), i % 3 === 0 ? 'F' : 'T');
      if (temp !== null) temps.push(temp);
      if (kept < KEPT_OBJECTS && frame < KEEPING_FRAMES && random() < KEPT_OBJECTS / (KEEPING_FRAMES * (TEMPS_MIN + TEMPS_MAX) * 0.5)) {
        if ((yield* alloc(pickInt(16, 640, random), 'h')) !== null) kept++;
      }
    }
    for (const temp of temps) yield* emit({ op: 'unroot', id: temp });
    if (buffer !== null) yield* emit({ op: 'unroot', id: buffer });
  }
}
