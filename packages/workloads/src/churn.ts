/**
 * `churn`: a long-running MicroPython script on a 64 KiB heap. Every step it makes one object —
 * mostly one- to six-block temporaries, some buffers of a few hundred bytes, now and then a
 * 1–4 KiB block — with a lifetime drawn per object: most die within a few steps, some live for
 * hundreds, one in twelve is long-lived (module-level state, marked so). Dead objects become
 * garbage, freed in batches by the collections that `gc.threshold` (a quarter of the heap, as
 * ESP32 users are told to set) and failed requests start. What it holds follows a slow wave
 * between 30% and 60% of the heap; some lists grow by realloc. Over a long run the holes left
 * between survivors cut the heap up until a large request fails.
 */
import { programWorkload } from './program-workload.js';
import { pickInt } from './seeded-choices.js';
import type { Workload } from './workload.js';

const HEAP_BYTES = 65536;

function pickSize(random: () => number): number {
  const r = random();
  if (r < 0.72) return pickInt(1, 96, random);
  if (r < 0.96) return pickInt(96, 795, random);
  return pickInt(1024, 4095, random);
}

function pickLifetime(random: () => number): { lifetime: number; longLived: boolean } {
  const r = random();
  if (r < 0.08) return { lifetime: pickInt(3000, 22999, random), longLived: true };
  if (r < 0.7) return { lifetime: pickInt(1, 12, random), longLived: false };
  return { lifetime: pickInt(20, 619, random), longLived: false };
}

export const churn: Workload = programWorkload(
  {
    name: 'churn',
    summary:
      'long-running script: temporaries, buffers, rare large blocks and long-lived state, freed in batches by collections, until the heap is too cut up for a large request',
    heap: { areas: [{ bytes: HEAP_BYTES }] },
    defaultLength: 20000,
  },
  (program, random, length) => {
    program.events.push({ op: 'threshold', bytes: HEAP_BYTES / 4 });
    const phase = random() * 2 * Math.PI;
    for (let step = 0; program.events.length < length; step++) {
      program.reap(step);
      const target = HEAP_BYTES * (0.45 + 0.15 * Math.sin(phase + step / 700));
      while (program.liveBytes > target && program.reapEarliest());
      if (random() < 0.04) {
        const id = program.someLiving(random());
        if (id !== undefined) program.resize(id, pickSize(random) + 64);
      }
      const { lifetime, longLived } = pickLifetime(random);
      program.alloc(step, pickSize(random), lifetime, { longLived, freed: !longLived && random() < 0.1 });
    }
  },
);
