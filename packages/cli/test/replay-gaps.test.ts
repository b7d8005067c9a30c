/**
 * `heaplab replay` on a trace that lost events: without `--skip-bad-lines` the gap is one
 * located error (exit 2); with it, the report says where and how much was lost and where the
 * replay resynchronised, in text and in `--json`. A MemoryError the device raised after a gap
 * with no sync is reported as seen (exit 1), never as none. Other commands need a trace without
 * gaps, and say so. A replay that stopped matching the device does not explain its MemoryError.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

function traceFile(lines: readonly string[] = TRACE): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-gaps-')), 'gaps.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** TRACE without its sync: the gap has none after it; a checkpoint comes in the blind stretch. */
const NO_SYNC = [
  ...TRACE.slice(0, 6),
  '{"op":"info","total":960,"used":320,"free":640,"max_free_blocks":40,"n_1block":0,"n_2block":0,"max_block":10}',
  ...TRACE.slice(9),
];

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

  it('a gap with no sync after it: the MemoryError after it seen (exit 1), never "no MemoryError"; its checkpoints seen, not checked', async () => {
    const file = traceFile(NO_SYNC);
    const { status, out } = await run('replay', file, '--skip-bad-lines');
    expect(status).toBe(1);
    expect(out).not.toContain('no MemoryError');
    expect(out).toContain('  checkpoints (gc_info): 1 in the trace; it came after a gap, before the replay could resynchronise, and could not be checked\n');
    expect(out).toContain(
      '\n  MemoryError at line 6: memory allocation failed, allocating 900 bytes\n    seen, not reproduced: the device raised it after the gap at line 4, and no sync came between them, so the engine could not replay that far\n',
    );
    const json = await run('replay', file, '--skip-bad-lines', '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      checkpoints: { matched: 0, total: 0 },
      uncheckedCheckpoints: 1,
      memoryError: { event: null, line: 6, bytes: 900, replayed: false, reproduced: false },
    });
  });

  it('explain, report, compare and minimize: the gap is one line that says what works for them, exit 2', async () => {
    const file = traceFile();
    const lost = `heaplab: ${file}:4: lost: 40 events were lost here (the recorder's buffer overflowed)`;
    const advice = `needs a trace without gaps; heaplab replay ${file} --skip-bad-lines shows what can be checked\n`;
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-gaps-out-'));
    const runs = [
      ['explain', await run('explain', file)],
      ['report', await run('report', file, '-o', join(dir, 'r.html'))],
      ['compare', await run('compare', file)],
      ['minimize', await run('minimize', file, '-o', join(dir, 'm.ndjson'))],
    ] as const;
    for (const [command, { status, out, err }] of runs) {
      expect(status).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(`${lost}; ${command} ${advice}`);
    }
  });

  it("a skipped line that the heap depended on: the MemoryError is not explained from a heap that is not the device's", async () => {
    const lines = readFileSync(join(import.meta.dirname, '../../replay/test/fixtures/traces/b_lcg_frag_32k.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    lines[4999] = 'this is not json';
    const { status, out, err } = await run('replay', traceFile(lines), '--skip-bad-lines', '--verify');
    expect(status).toBe(4);
    // The sweep_free skipped, its collect_end's count is wrong too; the lines that later reuse the swept object's blocks are believed.
    expect(err).toMatch(/^heaplab: skipped 2 bad lines; the first:\n.*:5000: not a JSON object.*\n.*:5044: freed_objs: /);
    expect(out).toContain(
      "\n  MemoryError at line 19029 (event 9470): memory allocation failed, allocating 2464 bytes\n    the engine fails this request too, but its heap stopped matching the device's at line 5045: what stood in the way, and why, are not shown (they would be the engine's heap's, not the device's)\n    (line 5000 was skipped as bad: fix it, or replay without --skip-bad-lines to stop there)\n",
    );
    expect(out).not.toContain('What stands in the way');
    expect(out).not.toContain('Why:');
  });
});
