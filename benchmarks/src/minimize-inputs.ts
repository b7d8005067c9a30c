/**
 * The traces the minimize benchmark shrinks, and what each holds at its first MemoryError: the
 * two real device traces of the fixtures, a 75,000-allocation engine trace of a workload spec,
 * and generated device traces of 200,000 and 400,000 lines on a 512 KiB heap.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apply, objectsByAddress, type HeapState } from '@heaplab/core';
import { buildTimeline } from '@heaplab/replay';
import { writeDeviceTrace } from './device-trace.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TRACES = 'packages/replay/test/fixtures/traces';
const HEAP_512K = { wordBytes: 4 as const, mpyVersion: '1.27', finaliser: true, areas: [{ bytes: 512 * 1024 }] };

/** A trace to shrink. */
export interface MinimizeInput {
  readonly name: string;
  /** How it was made, as commands run from the repository root. */
  readonly made: string;
  /** The file. */
  readonly file: string;
  /** What issue 16 asks of `minimize` on a trace like this one. */
  readonly target?: { readonly what: string; readonly seconds: number; readonly events?: number };
}

/** What a trace holds at its first MemoryError. */
export interface InputFacts {
  /** The trace line of the failed request. */
  readonly failureLine: number;
  /** Engine events before it, and how many of them are allocations. */
  readonly events: number;
  readonly allocations: number;
  readonly bytes: number;
  /** Objects live when it failed (after its collection). */
  readonly liveObjects: number;
  /**
   * The fewest of them that, each where it was, leave no free run as long as the request: no
   * reproducer that keeps objects in place can keep fewer.
   */
  readonly fewestInPlace: number;
}

/** Writes the generated inputs into `dir` (the fixtures are read where they are). */
export async function minimizeInputs(dir: string, heaplab: string): Promise<MinimizeInput[]> {
  const slowLeak = join(dir, 'slow-leak-seed-6.events');
  runWorkload(heaplab, ['run', 'benchmarks/inputs/slow-leak.yaml', '--seed', '6', '--length', '160000', '-o', slowLeak]);
  const device200k = join(dir, 'device-512k-200k.ndjson.gz');
  await writeDeviceTrace(device200k, { lines: 200_000, seed: 'heaplab', heap: HEAP_512K, gzip: true });
  const device400k = join(dir, 'device-512k-400k.ndjson.gz');
  await writeDeviceTrace(device400k, { lines: 400_000, seed: 'b', heap: HEAP_512K, gzip: true });
  const writer = 'node benchmarks/dist/write-device-trace.js';
  return [
    { name: 'b_lcg_frag_32k (real, MicroPython 1.27)', made: `${TRACES}/b_lcg_frag_32k.ndjson`, file: join(REPO, TRACES, 'b_lcg_frag_32k.ndjson') },
    {
      name: 'e_frames_48k_split2 (real, two areas)',
      made: `${TRACES}/e_frames_48k_split2.ndjson.gz`,
      file: join(REPO, TRACES, 'e_frames_48k_split2.ndjson.gz'),
    },
    {
      name: 'slow-leak, seed 6 (engine trace, 64 KiB)',
      made: 'heaplab run benchmarks/inputs/slow-leak.yaml --seed 6 --length 160000 -o T',
      file: slowLeak,
      target: { what: '75,000 allocations: 1-minimal, at most 200 events, 30 s', seconds: 30, events: 200 },
    },
    {
      name: 'device program, 200,000 lines (512 KiB)',
      made: `${writer} T.gz 200000 heaplab 524288`,
      file: device200k,
      target: { what: '75,000 allocations: 1-minimal, at most 200 events, 30 s', seconds: 30, events: 200 },
    },
    {
      name: 'device program, 400,000 lines (512 KiB)',
      made: `${writer} T.gz 400000 b 524288`,
      file: device400k,
      target: { what: '400,000 lines: at most 60 s', seconds: 60 },
    },
  ];
}

/** Replays `file` and reads what it holds at its first MemoryError. */
export async function inputFacts(file: string): Promise<InputFacts> {
  const timeline = await buildTimeline(file, { sweeps: 'drops' });
  const failure = timeline.report.memoryError;
  if (failure === null || !failure.replayed) throw new Error(`${file}: no MemoryError the engine replayed`);
  const events = timeline.events.slice(0, failure.event);
  const { state, outcome } = apply(timeline.stateAt(failure.event - 1), events.at(-1)!);
  if (outcome.kind !== 'memory-error') throw new Error(`${file}: the engine does not fail line ${failure.line}`);
  return {
    failureLine: failure.line,
    events: events.length,
    allocations: events.filter((event) => event.op === 'alloc').length,
    bytes: failure.bytes,
    liveObjects: state.objectCount,
    fewestInPlace: fewestInPlace(state, outcome.facts.blocks),
  };
}

/**
 * Greedy cover, area by area: from the end of the last object chosen, the object that starts
 * within reach (leaving a run shorter than `blocks`) and ends furthest. Each choice reaches at
 * least as far as any other could, so no smaller set leaves every run shorter.
 */
function fewestInPlace(state: HeapState, blocks: number): number {
  const objects = objectsByAddress(state);
  let count = 0;
  state.tables.forEach((table, area) => {
    const inArea = objects.filter((object) => object.area === area);
    let end = 0;
    let next = 0;
    while (table.blocks - end >= blocks) {
      let furthest = end;
      for (; next < inArea.length && inArea[next]!.block <= end + blocks - 1; next++) furthest = Math.max(furthest, inArea[next]!.block + inArea[next]!.blocks);
      if (furthest === end) throw new Error(`area ${area}: the request would fit at block ${end}`);
      end = furthest;
      count++;
    }
  });
  return count;
}

/** `heaplab run … -o`, which exits 1 when the run ends in a MemoryError. */
function runWorkload(heaplab: string, args: readonly string[]): void {
  try {
    execFileSync(process.execPath, [heaplab, ...args], { cwd: REPO, stdio: 'ignore' });
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error;
  }
}
