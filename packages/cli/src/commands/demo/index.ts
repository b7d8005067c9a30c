/**
 * `heaplab demo`: runs the built-in scenario, explains its MemoryError, shows the heap map at
 * the failure, and shows that pre-allocating the buffer avoids it.
 */
import { applyAll, createHeap, dumpAllocTable, gcDumpInfo, type HeapState, type MemoryErrorFacts, type Outcome } from '@heaplab/core';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../io/output.js';
import { DEMO_CONFIG, DEMO_SEED, UPLOAD_BYTES, demoScenario } from './scenario.js';
import { jsonLine } from '@heaplab/analysis';
import { plural } from '@heaplab/core';

export interface DemoOptions {
  readonly json?: boolean;
}

interface DemoRun {
  readonly state: HeapState;
  readonly outcomes: readonly Outcome[];
  readonly uploadId: number;
}

function runScenario(preallocate: boolean): DemoRun {
  const { events, uploadId } = demoScenario(preallocate);
  const { state, outcomes } = applyAll(createHeap(DEMO_CONFIG), events);
  return { state, outcomes, uploadId };
}

export function demo(options: DemoOptions, output: Output): ExitCode {
  const plain = runScenario(false);
  const early = runScenario(true);
  const failureIndex = plain.outcomes.findIndex((o) => o.kind === 'memory-error');
  const failure = plain.outcomes[failureIndex];
  const facts = failure?.kind === 'memory-error' ? failure.facts : null;
  const placedEarly = early.outcomes.find((o) => o.kind === 'placed' && o.id === early.uploadId);
  const earlyFailures = early.outcomes.filter((o) => o.kind === 'memory-error').length;
  const bpb = plain.state.config.blockBytes;

  if (options.json === true) {
    output.out(
      jsonLine('demo', {
        seed: DEMO_SEED,
        events: plain.outcomes.length,
        collections: plain.state.collections,
        memoryError: facts === null ? null : { event: failureIndex, ...factsJson(facts) },
        preallocated: { failures: earlyFailures, placed: placedEarly?.kind === 'placed' ? placedEarly.at : null },
      }),
    );
    return EXIT.ok;
  }

  const lines: string[] = [];
  lines.push(`heaplab demo: a sensor logger on a 16 KiB MicroPython heap (v1.27, 32-bit; seed "${DEMO_SEED}")`);
  lines.push('');
  lines.push('  Each loop iteration keeps a small reading (the newest 60 stay in a list) and builds a');
  lines.push('  temporary string that is garbage at once; the list grows by realloc, and every 16th');
  lines.push('  iteration keeps a summary for good, wherever the allocator happens to be.');
  lines.push(`  ${plural(plain.outcomes.length, 'event')}, ${plural(plain.state.collections, 'automatic collection')}. Then: buf = bytearray(${UPLOAD_BYTES})`);
  lines.push('');
  if (facts === null) {
    lines.push('  (the request succeeded: the scenario did not fail as designed)');
  } else {
    const [largestArea, largest] = largestRun(facts);
    lines.push(`  MemoryError: memory allocation failed, allocating ${facts.bytes} bytes`);
    lines.push(`    needed       ${plural(facts.blocks, 'free block')} in a row (${plural(facts.blocks * bpb, 'byte')})`);
    lines.push(`    free         ${plural(facts.freeBytes, 'byte')} (${plural(facts.freeBytes / bpb, 'block')}): gc.mem_free() looks fine`);
    lines.push(`    largest run  ${plural(largest, 'block')} (${plural(largest * bpb, 'byte')}) in area ${largestArea}: nothing that long is free`);
    if (facts.collection !== null) {
      lines.push(
        `    a collection ran first and freed ${plural(facts.collection.freed.length, 'object')} (${plural(facts.collection.freedBlocks * bpb, 'byte')}); it was not enough`,
      );
    }
  }
  lines.push('');
  if (placedEarly?.kind === 'placed' && earlyFailures === 0) {
    lines.push(`  Pre-allocating the buffer once at boot avoids it: the same program runs to the end, the`);
    lines.push(`  buffer at area ${placedEarly.at.area}, block ${placedEarly.at.block}, and no request fails.`);
  } else {
    lines.push(`  Pre-allocating the buffer at boot did not help here (${plural(earlyFailures, 'failure')}).`);
  }
  lines.push('');
  lines.push('The GC part of micropython.mem_info(1) at the failure:');
  output.out(`${lines.join('\n')}\n${gcDumpInfo(plain.state)}${dumpAllocTable(plain.state)}`);
  return EXIT.ok;
}

function largestRun(facts: MemoryErrorFacts): [number, number] {
  let best = 0;
  facts.largestFreeRun.forEach((run, area) => {
    if (run > facts.largestFreeRun[best]!) best = area;
  });
  return [best, facts.largestFreeRun[best]!];
}

function factsJson(facts: MemoryErrorFacts): object {
  return {
    bytes: facts.bytes,
    blocks: facts.blocks,
    freeBytes: facts.freeBytes,
    largestFreeRun: facts.largestFreeRun,
    collected: facts.collection !== null,
  };
}
