/**
 * `camera-frames`: a machine-vision loop on an OpenMV H7 (v4.8.1 heap: 64 KiB SRAM4 then
 * 267 KiB SRAM1, split heap). Each frame copies a region of the image (8–96 KiB, living for the
 * frame), finds 10–60 blobs (small tuples and objects, living one to three frames), collects
 * them in a list that grows by realloc, and every few frames packs a result into a 2–8 KiB
 * bytearray that is kept for ten frames or so before being sent. Start-up leaves a few
 * long-lived objects (models, settings). Collections come from failed requests only, as
 * OpenMV sets no threshold.
 */
import { programWorkload } from './program-workload.js';
import { pickInt } from './seeded-choices.js';
import type { Workload } from './workload.js';

/** Events per frame vary; a frame is about this many steps of the program's clock. */
const FRAME_STEPS = 100;

export const cameraFrames: Workload = programWorkload(
  {
    name: 'camera-frames',
    summary:
      'OpenMV H7 frame loop on a split heap: a large region copy per frame, many small blob objects, a growing result list and buffers kept for a few frames',
    heap: { areas: [{ blocks: 4000 }, { blocks: 16692 }] },
    defaultLength: 30000,
  },
  (program, random, length) => {
    program.boot(12, 64, 2048, random);
    for (let frame = 1; program.events.length < length; frame++) {
      const now = frame * FRAME_STEPS;
      program.reap(now);
      program.alloc(now, pickInt(8192, 98304, random), FRAME_STEPS, { freed: random() < 0.5 });
      let listBytes = 32;
      const list = program.alloc(now, listBytes, FRAME_STEPS);
      const blobs = pickInt(10, 60, random);
      for (let b = 0; b < blobs; b++) {
        program.alloc(now, pickInt(16, 96, random), FRAME_STEPS * pickInt(1, 3, random));
        if (b % 4 === 3) {
          listBytes += 64;
          program.resize(list, listBytes);
        }
      }
      if (random() < 0.3) program.alloc(now, pickInt(2048, 8192, random), FRAME_STEPS * pickInt(6, 14, random));
    }
  },
);
