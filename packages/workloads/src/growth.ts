/**
 * `growth`: lists and dicts that grow, on a 32 KiB heap. A list's item array grows by about
 * half each time it fills (`gc_realloc`, moving when the blocks after it are taken); a dict's
 * table doubles by allocating the new table and then freeing the old one (MicroPython's rehash).
 * Temporaries come and go between the growth steps, so in-place growth soon fails and the moved
 * arrays leave holes; now and then a collection of items is cleared and built again.
 */
import { programWorkload } from './program-workload.js';
import { pickInt, pickOf } from './seeded-choices.js';
import type { Workload } from './workload.js';

interface Growing {
  id: number;
  bytes: number;
  /** Items (list) or entries (dict) now, and the capacity the current allocation holds. */
  count: number;
  capacity: number;
  readonly dict: boolean;
}

export const growth: Workload = programWorkload(
  {
    name: 'growth',
    summary: 'lists grown by realloc and dicts rehashed into doubled tables, with temporaries in between',
    heap: { areas: [{ bytes: 32768 }] },
    defaultLength: 20000,
  },
  (program, random, length) => {
    const make = (now: number, dict: boolean): Growing => {
      const capacity = dict ? 8 : 4;
      const bytes = capacity * (dict ? 8 : 4);
      return { id: program.alloc(now, bytes, Infinity, { freed: dict }), bytes, count: 0, capacity, dict };
    };
    const collections: Growing[] = [];
    for (let i = 0; i < 6; i++) collections.push(make(0, i % 3 === 2));
    for (let now = 1; program.events.length < length; now++) {
      program.reap(now);
      const c = pickOf(collections, random);
      if (random() < 0.002) {
        program.endNow(c.id);
        Object.assign(c, make(now, c.dict));
        continue;
      }
      c.count++;
      if (c.count > c.capacity) {
        if (c.dict) {
          const old = c.id;
          c.capacity *= 2;
          c.bytes = c.capacity * 8;
          c.id = program.alloc(now, c.bytes, Infinity, { freed: true });
          program.endNow(old);
        } else {
          c.capacity = c.capacity + (c.capacity >> 1) + 4;
          c.bytes = c.capacity * 4;
          program.resize(c.id, c.bytes);
        }
      }
      program.alloc(now, pickInt(16, 79, random), pickInt(1, 8, random));
    }
  },
);
