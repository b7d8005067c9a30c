/**
 * Any script, not only the corpus: random small scripts from a grammar of allocation statements
 * (containers of random sizes kept in a few variables, dropped, grown by realloc; files left to
 * their finalisers; function calls; collections, checkpoints, threshold changes, marks, the heap
 * lock), each statement guarded against
 * MemoryError, recorded on small heaps and replayed with --verify: no divergence, every
 * checkpoint matched, the first MemoryError reproduced.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayTrace } from '@heaplab/replay';
import { Recorder, TraceFile } from '@heaplab/record';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';

const SLOTS = 6;
const slot = fc.nat({ max: SLOTS - 1 });
const size = fc.oneof(fc.nat({ max: 64 }), fc.nat({ max: 900 }));

/** One statement of the grammar. */
const statement: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(slot, size).map(([k, n]) => `v${k} = bytearray(${n})`) },
  { weight: 3, arbitrary: fc.tuple(slot, size).map(([k, n]) => `v${k} = [${k}] * ${n}`) },
  { weight: 2, arbitrary: fc.tuple(slot, size).map(([k, n]) => `v${k} = "s${k}" * ${n}`) },
  { weight: 2, arbitrary: fc.tuple(slot, fc.nat({ max: 60 })).map(([k, n]) => `v${k} = {i: str(i) for i in range(${n})}`) },
  { weight: 1, arbitrary: fc.tuple(slot, fc.nat({ max: 60 })).map(([k, n]) => `v${k} = tuple(range(${n}))`) },
  { weight: 4, arbitrary: slot.map((k) => `v${k} = None`) },
  { weight: 3, arbitrary: size.map((n) => `grown.append(bytearray(${n}))`) },
  { weight: 2, arbitrary: size.map((n) => `buf.extend(bytes(${n}))`) },
  { weight: 1, arbitrary: fc.constant('grown = []') },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 3 }), size).map(([k, n]) => `open("f${k}.txt", "w").write("x" * ${n})`) },
  { weight: 1, arbitrary: fc.tuple(slot, fc.nat({ max: 200 })).map(([k, n]) => `v${k} = made(${n})`) },
  { weight: 1, arbitrary: fc.constant('gc.collect()') },
  { weight: 2, arbitrary: fc.constant('print(gc.mem_free())') },
  { weight: 1, arbitrary: fc.oneof(fc.constant(-1), fc.nat({ max: 4096 })).map((bytes) => `gc.threshold(${bytes})`) },
  { weight: 1, arbitrary: fc.nat({ max: 9 }).map((n) => `heaplab.mark("phase ${n}")`) },
  {
    weight: 1,
    arbitrary: fc.tuple(slot, size).map(([k, n]) => `micropython.heap_lock()\ntry:\n    v${k} = bytearray(${n})\nfinally:\n    micropython.heap_unlock()`),
  },
);

/** A script of `statements`, each guarded so that a MemoryError ends only that statement. */
function script(statements: readonly string[]): string {
  const guarded = statements.map((s) => `try:\n${s.replace(/^/gm, '    ')}\nexcept MemoryError:\n    print("MemoryError")`);
  const setup = ['import gc', 'import heaplab', 'import micropython', 'grown = []', 'buf = bytearray()', 'def made(n):\n    return [str(i) for i in range(n)]'];
  return [...setup, ...guarded, 'print(gc.mem_free())', ''].join('\n');
}

let recorder: Recorder;
const directory = mkdtempSync(join(tmpdir(), 'heaplab-record-random-'));

beforeAll(async () => {
  recorder = await Recorder.open();
}, 180_000);

describe('random scripts on the real allocator', () => {
  it(
    'replay with --verify: no divergence, every checkpoint matched, the first MemoryError reproduced',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(statement, { minLength: 5, maxLength: 40 }), fc.constantFrom(8192, 12288, 16384), async (statements, heapBytes) => {
          const trace = new TraceFile(join(directory, `script-${run++}.ndjson`));
          const recording = await recorder.record(script(statements), { heapBytes, onTrace: (text) => trace.write(text) });
          await trace.commit();
          expect(recording.end.kind).toBe('ok');
          const report = await replayTrace(trace.target, { verify: true });
          expect(report.firstDivergence).toBeNull();
          expect(report.firstCheckpointMismatch).toBeNull();
          expect(report.checkpoints.total).toBeGreaterThan(0);
          if (report.memoryError !== null) expect(report.memoryError.reproduced).toBe(true);
        }),
        { numRuns: fcRuns(6) },
      );
    },
    fcTimeout(120_000),
  );
});
