/**
 * Checks against the real MicroPython v1.27.0 (WebAssembly, npm package as published): its
 * `mem_info(1)` output parsed into a heap state, and its allocator's placements predicted.
 * Each script runs in a fresh child process (`run-mpy.mjs`).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apply, dumpAllocTable, gcInfo, heapFromMemInfo, parseMemInfo, type AllocEvent, type HeapState, type MemInfoDump, type Placement } from '@heaplab/core';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Each test starts one interpreter process (about 0.3 s); the limit leaves room for a slow machine. */
const TIMEOUT_MS = 20_000;

/** Runs a script in a fresh interpreter; resolves to what it printed. */
async function runMicroPython(script: string, heapBytes?: number): Promise<string> {
  const args = [here('./run-mpy.mjs'), here(script), ...(heapBytes === undefined ? [] : [String(heapBytes)])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: TIMEOUT_MS, maxBuffer: 1 << 24 });
  return stdout;
}

/** The table dump of a parsed block, exactly as printed, with the port's CRLF line ends made LF. */
function printedDump(text: string, dump: MemInfoDump): string {
  const lines = text.split('\n').slice(dump.areas[0]!.line - 1, dump.lines.last);
  return lines.map((line) => `${line.replace(/\r$/, '')}\n`).join('');
}

/** The parsed block, its state, and the printed dump text. */
function load(text: string): { dump: MemInfoDump; state: HeapState; printed: string } {
  const dump = parseMemInfo(text, 'oracle');
  return { dump, state: heapFromMemInfo(dump, { file: 'oracle' }), printed: printedDump(text, dump) };
}

describe('real interpreter: mem_info(1) of a fragmented heap', () => {
  for (const heapBytes of [16384, 1048576]) {
    it(
      `parses into a state with the printed statistics and map (heap ${heapBytes} B)`,
      async () => {
        const text = await runMicroPython('./fragmented.py', heapBytes);
        const { dump, state, printed } = load(text);
        expect(gcInfo(state)).toEqual(dump.gc);
        expect(dumpAllocTable(state)).toBe(printed);
        expect(state.config.areas.map((a) => a.poolStart)).toEqual(dump.areas.map((a) => a.address));
        // This build's figures: 16-byte blocks, and SPLIT_HEAP_AUTO reports 128 MiB of possible growth.
        expect(dump.blockBytes).toBe(16);
        expect(dump.maxNewSplit).toBe(128 * 1024 * 1024);
        // 16 KiB is too small for the script, so the heap grew by a second area.
        expect(dump.areas.length).toBe(heapBytes === 16384 ? 2 : 1);
        const letters = new Set(dump.areas.map((a) => a.map).join(''));
        for (const letter of 'hLDATSF.=') expect(letters).toContain(letter);
      },
      TIMEOUT_MS,
    );
  }
});

describe('real interpreter: first-fit placement of bytearray(n)', () => {
  it(
    'predicts every dump from the one before it',
    async () => {
      const text = await runMicroPython('./first-fit.py');
      const sizes = [...readFileSync(here('./first-fit.py'), 'utf8').matchAll(/^slots\[\d+\] = make\((\d+)\)$/gm)].map((m) => Number(m[1]));
      const sections = text.split('=== dump\n').slice(1);
      expect(sections.length).toBe(sizes.length + 1);
      const dumps = sections.map(load);

      let chained = dumps[0]!.state;
      let skippedHole = false;
      sizes.forEach((n, step) => {
        const before = dumps[step]!.state;
        const after = dumps[step + 1]!;
        const predicted = makeBytearray(before, n);
        // The only heap change between two dumps is the predicted one, letters included.
        expect(dumpAllocTable(predicted.state), `bytearray(${n})`).toBe(after.printed);
        expect(gcInfo(predicted.state), `bytearray(${n})`).toEqual(after.dump.gc);
        chained = makeBytearray(chained, n).state;
        expect(dumpAllocTable(chained), `bytearray(${n}) after all earlier steps`).toBe(after.printed);
        // The first block still free once the object has its block: a buffer placed after it skipped a hole.
        const map = dumps[step]!.dump.areas[0]!.map;
        const firstFree = [...map].findIndex((ch, b) => ch === '.' && !(predicted.object.area === 0 && predicted.object.block === b));
        if (predicted.buffer !== null && predicted.buffer.area === 0 && firstFree < predicted.buffer.block) skippedHole = true;
      });
      // At least one buffer had to pass over free blocks too few for it.
      expect(skippedHole).toBe(true);
    },
    TIMEOUT_MS,
  );
});

/**
 * `bytearray(n)` in this build: first the 16-byte object (dump letter A), then, unless n is 0,
 * its buffer of ceil(n/16) blocks (letter h). Both by first fit, with no collection.
 */
function makeBytearray(state: HeapState, n: number): { state: HeapState; object: Placement; buffer: Placement | null } {
  // heapFromMemInfo numbers the dump's objects 0, 1, 2…: new ids go on from the serial.
  const id = state.serial;
  const object = place(state, { op: 'alloc', id, bytes: 16, kind: 'A' });
  if (n === 0) return { state: object.state, object: object.at, buffer: null };
  const buffer = place(object.state, { op: 'alloc', id: id + 1, bytes: n, kind: 'h' });
  return { state: buffer.state, object: object.at, buffer: buffer.at };
}

/** Applies an allocation that must be placed without a collection. */
function place(state: HeapState, event: AllocEvent): { state: HeapState; at: Placement } {
  const { state: next, outcome } = apply(state, event);
  if (outcome.kind !== 'placed' || outcome.collection !== null) throw new Error(`alloc ${event.bytes}: ${JSON.stringify(outcome)}`);
  return { state: next, at: outcome.at };
}
