/**
 * `seed-mem-free`: the seed text's first example. The interpreter's own objects, then
 * `print("before:", gc.mem_free())`, `big = [0] * 10000` (a list object and its 40,000-byte item
 * array), `print("after :", ...)`, `del big`, `gc.collect()`, `print("freed :", ...)`. The marks
 * are the three prints: allocating a big thing takes free memory, dropping the reference and
 * collecting gives it back.
 */
import { programWorkload } from './program-workload.js';
import { pickInt } from './seeded-choices.js';
import type { Workload } from './workload.js';

export const seedMemFree: Workload = programWorkload(
  {
    name: 'seed-mem-free',
    summary: "mem_free before and after a 10,000-element list, its deletion and a collection (the seed text's first example)",
    heap: { areas: [{ bytes: 131072 }] },
    defaultLength: 1000,
  },
  (program, random) => {
    program.boot(pickInt(40, 79, random), 16, 255, random);
    const print = (label: string): void => {
      // print() builds its string, then drops it.
      program.alloc(1, pickInt(32, 47, random), 0);
      program.reap(1);
      program.mark(label);
    };
    print('before: gc.mem_free()');
    const big = program.alloc(1, 16, Infinity);
    const items = program.alloc(1, 10000 * 4, Infinity);
    print('after : gc.mem_free()');
    program.endNow(big);
    program.endNow(items);
    program.events.push({ op: 'collect' });
    print('freed : gc.mem_free()');
  },
);
