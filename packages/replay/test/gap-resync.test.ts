/**
 * Traces that lost events: `gap` lines (the recorder's buffer overflowed) and the syncs a
 * replay resynchronises from. A real trace with thousands of lines cut out and replaced by a gap
 * and the sync the firmware would write must give the same MemoryError and the same final heap
 * as the whole trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import { dumpAllocTable, gcInfo, HeapInputError, objectsByAddress, stateHash, type HeapState } from '@heaplab/core';
import { buildTimeline, replayTrace, traceEvents } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');
const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
const alloc = (bytes: number, block: number): string =>
  `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0}`;
const free = (block: number, blocks: number): string => `{"op":"free","area":0,"block":${block},"blocks":${blocks},"in_realloc":0,"in_collect":0}`;
const gap = (lost: number): string => `{"op":"gap","v":1,"lost":${lost}}`;
/** A map of the whole 60-block area: `start`, then free blocks. */
const row = (start: string): string => start.padEnd(60, '.');

function write(lines: readonly string[], name = 't.ndjson'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-gap-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** What a resynchronising replay skipped. */
function skipping(): { errors: HeapInputError[]; onBadLine: (error: HeapInputError) => void } {
  const errors: HeapInputError[] = [];
  return { errors, onBadLine: (error) => void errors.push(error) };
}

/** The sync lines a firmware writes for this heap (recorder/firmware/heaplab_trace.c's format). */
function syncLines(state: HeapState): string[] {
  const lines: string[] = [];
  const objects = objectsByAddress(state);
  state.config.areas.forEach((area, index) => {
    lines.push(JSON.stringify({ op: 'sync', v: 1, area: index, blocks: area.blocks }));
    const map = Array.from({ length: area.blocks }, () => '.');
    for (const o of objects.filter((x) => x.area === index)) {
      map[o.block] = o.fin ? 'f' : 'h';
      for (let b = o.block + 1; b < o.block + o.blocks; b++) map[b] = '=';
    }
    for (let block = 0; block < area.blocks; block += 64) {
      const part = map.slice(block, block + 64).join('');
      if (/[^.]/.test(part)) lines.push(JSON.stringify({ op: 'sync_map', v: 1, area: index, block, map: part }));
    }
  });
  return [...lines, '{"op":"sync_end","v":1}'];
}

/** A plain alloc line (not part of a realloc, no collection before it). */
const isPlainAlloc = (line: string | undefined): boolean =>
  typeof line === 'string' && line.startsWith('{"op":"alloc",') && line.includes('"in_realloc":0,"after_collect":0}');

describe('a real trace with a stretch lost and a sync after it', () => {
  const name = 'b_lcg_frag_32k.ndjson';
  const lines = readFileSync(join(traces, name), 'utf8').trimEnd().split('\n');

  it('replays to the same MemoryError, explanation and final heap as the whole trace', async () => {
    // Lose lines [from, to): `to` is a point where the firmware could sync (nothing open).
    // The stretch holds the checkpoint at line 14200.
    const from = 13_000;
    let to = 15_000;
    while (!(isPlainAlloc(lines[to - 1]) && isPlainAlloc(lines[to]))) to++;
    const before = await replayTrace(write(lines.slice(0, to)));
    const sync = syncLines(before.state);
    const damaged = [...lines.slice(0, from), gap(to - from), ...sync, ...lines.slice(to)];
    const { errors, onBadLine } = skipping();
    const report = await replayTrace(write(damaged), { onBadLine });
    const whole = await replayTrace(join(traces, name));

    expect(errors).toEqual([]);
    expect(report.gaps).toEqual([{ line: from + 1, lost: to - from, resyncLine: from + 1 + sync.length, memoryErrors: [] }]);
    expect(report.divergences).toBe(0);
    // The checkpoints in the lost stretch are gone; every other one matches.
    const lostCheckpoints = lines.slice(from, to).filter((l) => l.startsWith('{"op":"info"')).length;
    expect(lostCheckpoints).toBeGreaterThan(0);
    expect(report.checkpoints).toEqual({ matched: whole.checkpoints.total - lostCheckpoints, total: whole.checkpoints.total - lostCheckpoints });

    const error = report.memoryError!;
    const wholeError = whole.memoryError!;
    expect(error.line).toBe(wholeError.line - (to - from) + 1 + sync.length);
    expect(error.reproduced).toBe(true);
    expect({ ...error.facts!, collection: null }).toEqual({ ...wholeError.facts!, collection: null });
    expect(error.facts!.collection!.freedBlocks).toBe(wholeError.facts!.collection!.freedBlocks);
    const places = (e: typeof error): unknown => e.explanation!.blockers.map((b) => b.objects.map((o) => [o.area, o.block, o.blocks]));
    expect(places(error)).toEqual(places(wholeError));
    expect(error.explanation!.fragmentation).toBe(wholeError.explanation!.fragmentation);
    expect(dumpAllocTable(report.state)).toBe(dumpAllocTable(whole.state));
    expect(gcInfo(report.state)).toEqual(gcInfo(whole.state));
  });

  it('without the skip option, the gap ends the replay with a located error, with the advice the caller gives', async () => {
    const file = write([...lines.slice(0, 500), gap(37), ...lines.slice(600)]);
    const error = await replayTrace(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).message).toBe(`${file}:501: lost: 37 events were lost here (the recorder's buffer overflowed)`);
    const advised = await replayTrace(file, { gapAdvice: 'do this' }).catch((e: unknown) => e);
    expect((advised as HeapInputError).message).toBe(`${file}:501: lost: 37 events were lost here (the recorder's buffer overflowed); do this`);
  });

  it('time travel goes through the resync', async () => {
    let to = 3000;
    while (!(isPlainAlloc(lines[to - 1]) && isPlainAlloc(lines[to]))) to++;
    const sync = syncLines((await replayTrace(write(lines.slice(0, to)))).state);
    const file = write([...lines.slice(0, 2000), gap(to - 2000), ...sync, ...lines.slice(to)]);
    const { onBadLine } = skipping();
    const report = await replayTrace(file, { onBadLine });
    const timeline = await buildTimeline(file, { onBadLine, every: 512 });
    expect(timeline.length).toBe(report.events);
    expect(stateHash(timeline.stateAt(timeline.length))).toBe(stateHash(report.state));
    // A what-if needs every event: the lost stretch makes that impossible.
    await expect(traceEvents(file, { onBadLine })).rejects.toThrow(/:2001: lost: .* events were lost here: a what-if needs the whole trace/);
  });
});

describe('damaged gaps and syncs, fuzzed', () => {
  it('replay with resynchronisation gives a report or one located error, never anything else (property)', async () => {
    const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').trimEnd().split('\n').slice(0, 1200);
    let to = 900;
    while (!(isPlainAlloc(lines[to - 1]) && isPlainAlloc(lines[to]))) to++;
    const sync = syncLines((await replayTrace(write(lines.slice(0, to)))).state);
    const damaged = [...lines.slice(0, 600), gap(to - 600), ...sync, ...lines.slice(to, to + 200)];
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-gap-fuzz-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 595, max: 600 + sync.length + 5 }), fc.constantFrom('drop', 'repeat', 'swap', 'gap')), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          const edited = [...damaged];
          for (const [at, kind] of edits) {
            if (kind === 'drop') edited.splice(at, 1);
            else if (kind === 'repeat') edited.splice(at, 0, edited[at]!);
            else if (kind === 'swap') [edited[at], edited[at + 1]] = [edited[at + 1]!, edited[at]!];
            else edited.splice(at, 0, gap(3));
          }
          const file = join(dir, `t${run++}.ndjson`);
          writeFileSync(file, `${edited.join('\n')}\n`);
          try {
            const report = await replayTrace(file, { onBadLine: () => undefined });
            expect(report.lines).toBe(edited.length);
          } catch (error) {
            if (!(error instanceof HeapInputError)) throw error;
            expect(error.location.file).toBe(file);
            expect(error.location.line).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: fcRuns(150) },
    );
  });
});

describe('gaps and syncs, line by line', () => {
  it('a sync on a trace that lost nothing is a full-map checkpoint', async () => {
    const sync = ['{"op":"sync","v":1,"area":0,"blocks":60}', `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${row('h=h==')}"}`, '{"op":"sync_end","v":1}'];
    const report = await replayTrace(write([HEAP, alloc(32, 0), alloc(48, 2), ...sync]));
    expect(report).toMatchObject({ maps: { matched: 1, total: 1 }, firstMapMismatch: null, gaps: [], divergences: 0 });
    const wrong = sync.map((l) => l.replace('h=h==.', 'h=h==='));
    const off = await replayTrace(write([HEAP, alloc(32, 0), alloc(48, 2), ...wrong]));
    expect(off.maps).toEqual({ matched: 0, total: 1 });
    expect(off.firstMapMismatch).toEqual({
      line: 6,
      detail: 'object 2 in address order: the device has an object at area 0 block 2 (4 blocks), the engine an object at area 0 block 2 (3 blocks)',
    });
  });

  it("after a gap: lines are skipped, MemoryErrors noted, and the heap is the sync's", async () => {
    const { errors, onBadLine } = skipping();
    const report = await replayTrace(
      write([
        HEAP,
        alloc(32, 0),
        alloc(48, 2),
        gap(3),
        // The blind stretch: lines about objects the replay never saw are not errors.
        free(9, 4),
        '{"op":"alloc_fail","bytes":2000,"blocks":125,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
        '{"op":"memory_error","bytes":2000,"heap_locked":0}',
        '{"op":"sync","v":1,"area":0,"blocks":60}',
        `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${row('....f=h')}"}`,
        '{"op":"sync_end","v":1}',
        free(6, 1),
        alloc(16, 0),
        '{"op":"info","total":960,"used":48,"free":912,"max_free_blocks":54,"n_1block":1,"n_2block":1,"max_block":2}',
      ]),
      { onBadLine },
    );
    expect(errors).toEqual([]);
    expect(report.gaps).toEqual([{ line: 4, lost: 3, resyncLine: 10, memoryErrors: [{ line: 7, bytes: 2000 }] }]);
    expect(report).toMatchObject({ divergences: 0, checkpoints: { matched: 1, total: 1 }, uncheckedCheckpoints: 0, allocs: 3 });
    // Seen, not replayed: the report still has it (no later one was replayed).
    expect(report.memoryError).toEqual({
      event: null,
      line: 7,
      bytes: 2000,
      replayed: false,
      reproduced: false,
      divergedLine: null,
      facts: null,
      explanation: null,
    });
    expect(objectsByAddress(report.state).map((o) => [o.block, o.blocks, o.fin])).toEqual([
      [0, 1, false],
      [4, 2, true],
    ]);
  });

  it('a gap with no sync after it: the rest is not replayed', async () => {
    const { onBadLine } = skipping();
    const info = '{"op":"info","total":960,"used":48,"free":912,"max_free_blocks":54,"n_1block":1,"n_2block":1,"max_block":2}';
    const failed = [
      '{"op":"alloc_fail","bytes":2000,"blocks":125,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
      '{"op":"memory_error","bytes":2000,"heap_locked":0}',
    ];
    const report = await replayTrace(write([HEAP, alloc(32, 0), gap(1), alloc(16, 5), info, gap(2), alloc(16, 6), info, ...failed]), { onBadLine });
    expect(report.gaps).toEqual([
      { line: 3, lost: 1, resyncLine: null, memoryErrors: [] },
      { line: 6, lost: 2, resyncLine: null, memoryErrors: [{ line: 10, bytes: 2000 }] },
    ]);
    expect(report.events).toBe(1);
    // The report counts the lines read, replayed or not.
    expect(report.lines).toBe(10);
    // The checkpoints were seen, not checked; the device's MemoryError is the report's, not replayed.
    expect(report.checkpoints).toEqual({ matched: 0, total: 0 });
    expect(report.uncheckedCheckpoints).toBe(2);
    expect(report.memoryError).toMatchObject({ event: null, line: 10, bytes: 2000, replayed: false, reproduced: false });
  });

  it('a damaged sync is reported and skipped; the replay waits for the next one', async () => {
    const { errors, onBadLine } = skipping();
    const good = ['{"op":"sync","v":1,"area":0,"blocks":60}', `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${row('h')}"}`, '{"op":"sync_end","v":1}'];
    const report = await replayTrace(
      write([
        HEAP,
        alloc(32, 0),
        gap(1),
        '{"op":"sync","v":1,"area":0,"blocks":60}',
        `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${row('.=')}"}`,
        '{"op":"sync_end","v":1}',
        alloc(16, 30),
        ...good,
        alloc(16, 1),
      ]),
      { onBadLine },
    );
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/:5: map: sync: block 1 is a tail \('='\) after a free block/)]);
    expect(report.gaps).toEqual([{ line: 3, lost: 1, resyncLine: 10, memoryErrors: [] }]);
    expect(report).toMatchObject({ divergences: 0, events: 4 });
  });

  it('a new sync after a broken or unfinished one is read', async () => {
    const { errors, onBadLine } = skipping();
    const start = '{"op":"sync","v":1,"area":0,"blocks":60}';
    const map = (text: string): string => `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${row(text)}"}`;
    const end = '{"op":"sync_end","v":1}';
    const report = await replayTrace(write([HEAP, alloc(32, 0), gap(1), start, map('h='), start, map('=h'), end, start, map('h.h'), end, alloc(16, 1)]), {
      onBadLine,
    });
    expect(errors.map((e) => [e.location.line, e.detail])).toEqual([
      [6, 'the sync that starts at line 4 has no sync_end before this one'],
      [7, "sync: block 0 is a tail ('=') after a free block or the area's start"],
    ]);
    expect(report.gaps).toEqual([{ line: 3, lost: 1, resyncLine: 11, memoryErrors: [] }]);
    expect(objectsByAddress(report.state).map((o) => [o.block, o.blocks])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it.each([
    ['a sync_end without its sync', ['{"op":"sync_end","v":1}'], 3, /op: a sync_end line outside a sync/],
    ['a sync of the wrong size', ['{"op":"sync","v":1,"area":0,"blocks":64}'], 3, /blocks: sync: area 0 has 60 blocks \(its heap line\), not 64/],
    [
      'a map line out of order',
      ['{"op":"sync","v":1,"area":0,"blocks":60}', '{"op":"sync_map","v":1,"area":0,"block":3,"map":"h"}'],
      4,
      /block: sync: expected a multiple of 64 from 0 up to 59/,
    ],
    [
      'a map line of the wrong length',
      ['{"op":"sync","v":1,"area":0,"blocks":60}', '{"op":"sync_map","v":1,"area":0,"block":0,"map":"h"}'],
      4,
      /map: sync: expected 60 characters of \. = h f m for blocks 0–59/,
    ],
    [
      'another line inside a sync',
      ['{"op":"sync","v":1,"area":0,"blocks":60}', alloc(16, 0)],
      4,
      /op: expected sync_map or sync_end inside the sync that starts at line 3, got alloc/,
    ],
    ['a sync cut off at the end', ['{"op":"sync","v":1,"area":0,"blocks":60}'], 3, /the trace ends inside the sync that starts at line 3/],
    ['a map line outside a sync', ['{"op":"sync_map","v":1,"area":0,"block":0,"map":"h"}'], 3, /op: a sync_map line outside a sync/],
    ['a gap line of another version', ['{"op":"gap","v":2,"lost":1}'], 3, /v: expected version 1 of this line/],
  ])('%s is a located error', async (_name, extra, line, message) => {
    const error = await replayTrace(write([HEAP, alloc(16, 0), ...extra])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location.line).toBe(line);
    expect((error as HeapInputError).message).toMatch(message);
  });
});
