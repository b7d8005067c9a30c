/**
 * `prealloc-vs-alloc`: the seed text's pre-allocation advice, run both ways on a 16 KiB heap.
 * A sensor loop reads into a 64-byte buffer, keeps a reading now and then in a short history,
 * and every hundred iterations builds a 4 KiB report. First with `bytearray(64)` made anew every
 * iteration (garbage each time, collections, survivors scattered among the holes), then — after
 * the first loop's objects are gone — with one buffer allocated up front and reused. The marks
 * bound the two loops, so the collections and failures of each can be read off.
 */
import { programWorkload } from './program-workload.js';
import { pickInt } from './seeded-choices.js';
import type { Workload } from './workload.js';

const ITERATIONS = 1500;

export const preallocVsAlloc: Workload = programWorkload(
  {
    name: 'prealloc-vs-alloc',
    summary: 'a sensor loop with a new bytearray every iteration, then the same loop reusing one pre-allocated buffer',
    heap: { areas: [{ bytes: 16384 }] },
    defaultLength: 20000,
  },
  (program, random) => {
    program.boot(30, 16, 215, random);
    let now = 1;
    const loop = (preallocated: boolean): number[] => {
      const kept: number[] = [];
      if (preallocated) kept.push(program.alloc(now, 64, Infinity));
      for (let i = 0; i < ITERATIONS; i++, now++) {
        program.reap(now);
        if (!preallocated) program.alloc(now, 64, 0);
        program.alloc(now, pickInt(16, 47, random), 0);
        if (random() < 0.2) kept.push(program.alloc(now, pickInt(16, 63, random), pickInt(20, 79, random)));
        if (i % 100 === 99) program.alloc(now, 4096, 1);
      }
      program.reap(now);
      return kept;
    };
    program.mark('alloc loop starts');
    const first = loop(false);
    program.mark('alloc loop ends');
    for (const id of first) program.endNow(id);
    program.events.push({ op: 'collect' });
    program.mark('prealloc loop starts');
    loop(true);
    program.mark('prealloc loop ends');
  },
);
