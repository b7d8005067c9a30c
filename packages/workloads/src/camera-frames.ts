/**
 * `camera-frames`: a machine-vision loop on an OpenMV H7 (v4.8.1 heap: 64 KiB SRAM4 then
 * 267 KiB SRAM1, split heap). Each frame copies a region of the image (8–96 KiB, living for the
 * frame), finds 10–60 blobs (small tuples and objects, living one to three frames), collects
 * them in a list that grows by realloc, and every few frames packs a result into a 2–8 KiB
 * bytearray that is kept for ten frames or so before being sent. Start-up leaves a few
 * long-lived objects (models, settings). Collections come from failed requests only, as
 * OpenMV sets no threshold.
 */
import seedrandom from 'seedrandom';
import { Program } from './program.js';
import type { Workload } from './workload.js';

/** Events per frame vary; a frame is about this many steps of the program's clock. */
const FRAME_STEPS = 100;

export const cameraFrames: Workload = {
  name: 'camera-frames',
  summary:
    'OpenMV H7 frame loop on a split heap: a large region copy per frame, many small blob objects, a growing result list and buffers kept for a few frames',
  heap: { areas: [{ blocks: 4000 }, { blocks: 16692 }] },
  defaultLength: 30000,
  generate(seed, length) {
    const random = seedrandom(`camera-frames:${seed}`);
    const program = new Program();
    const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
    for (let i = 0; i < 12; i++) program.alloc(0, int(64, 2048), Infinity, { longLived: true });
    for (let frame = 1; program.events.length < length; frame++) {
      const now = frame * FRAME_STEPS;
      program.reap(now);
      program.alloc(now, int(8192, 98304), FRAME_STEPS, { freed: random() < 0.5 });
      let listBytes = 32;
      const list = program.alloc(now, listBytes, FRAME_STEPS);
      const blobs = int(10, 60);
      for (let b = 0; b < blobs; b++) {
        program.alloc(now, int(16, 96), FRAME_STEPS * int(1, 3));
        if (b % 4 === 3) {
          listBytes += 64;
          program.resize(list, listBytes);
        }
      }
      if (random() < 0.3) program.alloc(now, int(2048, 8192), FRAME_STEPS * int(6, 14));
    }
    return program.run(length);
  },
};
