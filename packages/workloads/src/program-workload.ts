/**
 * The frame every built-in workload program shares: a seeded random source and a `Program`,
 * written to until the run is as long as asked for.
 */
import seedrandom from 'seedrandom';
import { Program } from './program.js';
import type { Workload } from './workload.js';

/** What a workload is, all but how it writes its events. */
export type WorkloadAbout = Omit<Workload, 'generate'>;

/**
 * A workload whose `write` writes its events into a fresh `Program`, drawing from a generator
 * seeded with `<name>:<seed>`; its run is the program's first `length` events.
 */
export function programWorkload(about: WorkloadAbout, write: (program: Program, random: () => number, length: number) => void): Workload {
  return {
    ...about,
    generate(seed, length) {
      const random = seedrandom(`${about.name}:${seed}`);
      const program = new Program();
      write(program, random, length);
      return program.run(length);
    },
  };
}
