/**
 * `heaplab replay` on a trace that lost events: without `--skip-bad-lines` the gap is one
 * located error (exit 2); with it, the report says where and how much was lost and where the
 * replay resynchronised, in text and in `--json`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './support/run-cli.js';

const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
const alloc = (bytes: number, block: number): string =>
  `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0}`;

/** Two objects; 40 events lost (among them a MemoryError); a sync; a request that fails. */
const TRACE = [
  HEAP,
  alloc(160, 0),
  alloc(160, 10),
  '{"op":"gap","v":1,"lost":40}',
  alloc(16, 30),
  '{"op":"memory_error","bytes":900,"heap_locked":0}',
  '{"op":"sync","v":1,"area":0,"blocks":60}',
  // Objects at blocks 0 and 10 (10 blocks each), 30 and 50 (1 each); the longest free run 31–49.
  `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${'h========='.repeat(2)}${'.'.repeat(10)}h${'.'.repeat(19)}h${'.'.repeat(9)}"}`,
  '{"op":"sync_end","v":1}',
  '{"op":"alloc_fail","bytes":480,"blocks":30,"stage":"pre_collect","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
  '{"op":"collect_start","reason":"alloc_fail"}',
  '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
  '{"op":"alloc_fail","bytes":480,"blocks":30,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
  '{"op":"memory_error","bytes":480,"heap_locked":0}',
];

function traceFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-gaps-')), 'gaps.ndjson');
  writeFileSync(file, `${TRACE.join('\n')}\n`);
  return file;
}

describe('heaplab replay: lost events', () => {
  it('without --skip-bad-lines: one located error, exit 2', async () => {
    const file = traceFile();
    const { status, out, err } = await run('replay', file);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `heaplab: ${file}:4: lost: 40 events were lost here (the recorder's buffer overflowed); replay with --skip-bad-lines to resynchronise at the next sync\n`,
    );
  });

  it('with it: where and how much was lost, where the replay picked up, and the MemoryError after it explained', async () => {
    const file = traceFile();
    const { status, out, err } = await run('replay', file, '--skip-bad-lines');
    expect(err).toBe('');
    expect(status).toBe(1);
    expect(out).toContain("  LOST EVENTS: 40 in 1 gap (the recorder's buffer overflowed); figures cover the replayed stretches only\n");
    expect(out).toContain('    line 4: 40 events lost; resynchronised from the sync ending at line 9\n');
    expect(out).toContain('      MemoryError at line 6 (900 bytes) while resynchronising: seen, not replayed\n');
    expect(out).toContain('MemoryError at line 13 (event 8)');
    expect(out).toContain('reproduced: the engine fails the same request');
    expect(out).toContain('needed       30 free blocks in a row (480 bytes)');

    const json = JSON.parse((await run('replay', file, '--skip-bad-lines', '--json')).out) as Record<string, unknown>;
    expect(json.gaps).toEqual([{ line: 4, lost: 40, resyncLine: 9, memoryErrors: [{ line: 6, bytes: 900 }] }]);
    expect(json).toMatchObject({
      lines: 14,
      events: 8,
      divergences: 0,
      maps: { matched: 0, total: 0 },
      memoryError: { event: 8, line: 13, bytes: 480, reproduced: true, largestFreeRun: [19] },
    });
  });

  it('--at goes through the resync; --min-heap refuses a trace with a gap', async () => {
    const file = traceFile();
    const at = await run('replay', file, '--skip-bad-lines', '--at', '7', '--map');
    expect(at.status).toBe(1);
    // Event 7: the two objects, the resync's collection, and the four objects of the sync placed.
    expect(at.out).toContain(
      'The heap after event 7 (trace line 9):\nGC: total: 960, used: 352, free: 608\n No. of 1-blocks: 2, 2-blocks: 0, max blk sz: 10, max free sz: 19\n',
    );
    const heap = await run('replay', file, '--skip-bad-lines', '--min-heap');
    expect(heap.status).toBe(2);
    expect(heap.err).toBe(`heaplab: ${file}:4: lost: --min-heap replays the whole trace on other heaps, but 40 events were lost here\n`);
  });
});
